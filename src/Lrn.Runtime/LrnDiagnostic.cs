using System;

namespace Lrn
{
    /// <summary>How serious an <see cref="LrnDiagnostic"/> is: the analyzer's severities.</summary>
    public enum LrnDiagnosticSeverity
    {
        /// <summary>Information: the configuration is valid and computed as written.</summary>
        Info = 0,
        /// <summary>A warning: valid, but probably not what was meant (an even size, Caffe's ignored k, …).</summary>
        Warning = 1,
        /// <summary>An error: <see cref="LrnKernel.Create"/> throws it instead of returning a kernel.</summary>
        Error = 2,
    }

    /// <summary>
    /// A finding about an <see cref="LrnOptions"/>: the same id, severity and text the analyzer reports for the same
    /// <c>[Lrn]</c> attribute (each id has a page under <c>docs/diagnostics/</c>).
    /// </summary>
    public sealed class LrnDiagnostic
    {
        internal LrnDiagnostic(string id, LrnDiagnosticSeverity severity, string message, string? property)
        {
            Id = id; Severity = severity; Message = message; Property = property;
        }

        /// <summary>The diagnostic's id, e.g. <c>LRN0006</c>.</summary>
        public string Id { get; }

        /// <summary>Info, warning or error.</summary>
        public LrnDiagnosticSeverity Severity { get; }

        /// <summary>The analyzer's text for it.</summary>
        public string Message { get; }

        /// <summary>The <see cref="LrnOptions"/> property at fault (<c>"Size"</c>, <c>"Beta"</c>, …), or null where no single property is.</summary>
        public string? Property { get; }

        /// <summary><c>LRN0006: …</c>, the id and the message.</summary>
        public override string ToString() => Id + ": " + Message;
    }
}
