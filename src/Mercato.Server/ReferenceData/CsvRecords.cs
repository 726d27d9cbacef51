using System.Text;

namespace Mercato.Server.ReferenceData;

// Minimal RFC 4180 reader for the reference data: quoted fields, doubled quotes, line breaks inside quotes,
// CRLF or LF. No CSV library on purpose; the files are small and read once. Records carry the line they start on,
// so a bad one can be reported the way an editor shows it.
internal static class CsvRecords
{
    public static IEnumerable<string[]> Read(TextReader reader) => ReadNumbered(reader).Select(r => r.Fields);

    public static IEnumerable<(int Line, string[] Fields)> ReadNumbered(TextReader reader)
    {
        var fields = new List<string>(16);
        var field = new StringBuilder(128);
        var line = 1;
        while (true)
        {
            var start = line;
            if (!ReadRecord(reader, fields, field, ref line))
            {
                yield break;
            }

            yield return (start, [.. fields]);
        }
    }

    private static bool ReadRecord(TextReader reader, List<string> fields, StringBuilder field, ref int line)
    {
        fields.Clear();
        field.Clear();
        var c = reader.Read();
        if (c < 0)
        {
            return false;
        }

        var inQuotes = false;
        var atFieldStart = true;
        while (true)
        {
            if (c < 0)
            {
                fields.Add(field.ToString());
                return true;
            }

            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    line += ch == '\n' ? 1 : 0;
                    field.Append(ch);
                }
            }
            else if (ch == '"' && atFieldStart)
            {
                inQuotes = true;
                atFieldStart = false;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                line++;
                fields.Add(field.ToString());
                return true;
            }
            else
            {
                field.Append(ch);
                atFieldStart = false;
            }

            c = reader.Read();
        }
    }
}
