using System;
using System.Collections.Generic;
using System.Text;

namespace Lrn.Generator
{
    /// <summary>
    /// Writes indented C# a line at a time. Braces and indentation come from scopes (<see cref="Block"/>,
    /// <see cref="Indented"/>), never counted by hand; long expressions wrap (<see cref="WrappedLine"/>) so that no line
    /// passes <see cref="MaxLineLength"/>. Text only: numbers reach it already formatted, culture-invariant (<c>LrnFormat</c>).
    /// </summary>
    internal sealed class SourceWriter
    {
        /// <summary>The longest line generated code should have (users read it through "Go to definition").</summary>
        public const int MaxLineLength = 160;

        private const string IndentUnit = "    ";
        private readonly StringBuilder _text = new();
        private int _depth;

        /// <summary>Writes <paramref name="line"/> at the current indentation.</summary>
        public void Line(string line)
        {
            for (int i = 0; i < _depth; i++) _text.Append(IndentUnit);
            _text.Append(line).Append('\n');
        }

        /// <summary>Writes an empty line (no indentation).</summary>
        public void Blank() => _text.Append('\n');

        /// <summary>Writes <paramref name="header"/> (if any) and <c>{</c>; disposing the scope writes <c>}</c>.</summary>
        public Scope Block(string? header = null)
        {
            if (header is not null) Line(header);
            Line("{");
            _depth++;
            return new Scope(this, "}");
        }

        /// <summary>Writes <paramref name="header"/> (if any) and indents what follows one level, without braces (a single statement).</summary>
        public Scope Indented(string? header = null)
        {
            if (header is not null) Line(header);
            _depth++;
            return new Scope(this, null);
        }

        /// <summary>
        /// <paramref name="start"/>, the <paramref name="parts"/> joined by <paramref name="separator"/>, then
        /// <paramref name="end"/>: on one line when it fits <see cref="MaxLineLength"/>, else broken between parts, the
        /// continuation lines indented one level deeper. An operator separator (<c>" + "</c>) starts the next line; a
        /// comma (<c>", "</c>) ends the line it breaks.
        /// </summary>
        /// <param name="startAlone">When the whole does not fit, <paramref name="start"/> stays alone on the first line (a
        /// method header's name and parenthesis), and the parts continue on the next.</param>
        public void WrappedLine(string start, IReadOnlyList<string> parts, string separator, string end, bool startAlone = false)
        {
            bool breakBefore = separator.StartsWith(" ", StringComparison.Ordinal);
            var line = new StringBuilder(start);
            bool continuation = false;
            if (startAlone && start.Length + string.Join(separator, parts).Length + end.Length > MaxLineLength - _depth * IndentUnit.Length)
            {
                Line(start);
                line.Clear();
                continuation = true;
            }

            for (int i = 0; i < parts.Count; i++)
            {
                string piece = (i == 0 ? "" : separator) + parts[i] + (i == parts.Count - 1 ? end : "");
                int limit = MaxLineLength - (_depth + (continuation ? 1 : 0)) * IndentUnit.Length;
                // A comma separator ends the line it breaks: leave room for it after any part but the last.
                int room = breakBefore || i == parts.Count - 1 ? 0 : separator.TrimEnd().Length;
                if (line.Length > 0 && line.Length + piece.Length + room > limit)
                {
                    if (!breakBefore) line.Append(separator.TrimEnd());
                    Flush(line, continuation);
                    continuation = true;
                    line.Clear().Append(breakBefore ? separator.TrimStart() : "").Append(parts[i]).Append(i == parts.Count - 1 ? end : "");
                    continue;
                }

                line.Append(piece);
            }

            Flush(line, continuation);
        }

        /// <summary>
        /// A documentation comment: <c>/// </c> and <paramref name="xml"/>, broken at spaces outside XML tags so that no line
        /// passes <see cref="MaxLineLength"/>.
        /// </summary>
        public void Doc(string xml)
        {
            int limit = MaxLineLength - _depth * IndentUnit.Length - 4;
            int start = 0;
            while (xml.Length - start > limit)
            {
                int cut = -1, depth = 0;
                for (int i = start; i < xml.Length && i - start <= limit; i++)
                {
                    char c = xml[i];
                    if (c == '<') depth++;
                    else if (c == '>') depth--;
                    else if (c == ' ' && depth == 0 && i > start) cut = i;
                }

                if (cut < 0) break;
                Line("/// " + xml.Substring(start, cut - start));
                start = cut + 1;
            }

            Line("/// " + xml.Substring(start));
        }

        private void Flush(StringBuilder line, bool continuation)
        {
            if (continuation) _depth++;
            Line(line.ToString());
            if (continuation) _depth--;
        }

        public override string ToString() => _text.ToString();

        /// <summary>Closes a <see cref="Block"/> or <see cref="Indented"/> scope.</summary>
        public readonly struct Scope : IDisposable
        {
            private readonly SourceWriter _writer;
            private readonly string? _close;

            public Scope(SourceWriter writer, string? close)
            {
                _writer = writer;
                _close = close;
            }

            public void Dispose()
            {
                _writer._depth--;
                if (_close is not null) _writer.Line(_close);
            }
        }
    }
}
