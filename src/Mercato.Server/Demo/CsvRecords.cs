using System.Text;

namespace Mercato.Server.Demo;

// Minimal RFC 4180 reader for the reference data: quoted fields, doubled quotes, line breaks inside quotes,
// CRLF or LF. No CSV library on purpose; the files are small and read once.
internal static class CsvRecords
{
    public static IEnumerable<string[]> Read(TextReader reader)
    {
        var fields = new List<string>(16);
        var field = new StringBuilder(128);
        while (ReadRecord(reader, fields, field))
        {
            yield return [.. fields];
        }
    }

    public static Stream OpenEmbedded(string resourceName) =>
        typeof(CsvRecords).Assembly.GetManifestResourceStream(resourceName)
        ?? throw new InvalidOperationException($"Embedded resource {resourceName} is missing.");

    private static bool ReadRecord(TextReader reader, List<string> fields, StringBuilder field)
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
