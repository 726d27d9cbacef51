using System.Text;
using System.Text.Json;

namespace Mercato.Server.Feeds;

/// <summary>Rows of a feed as text values by column, one at a time.</summary>
internal interface IFeedReader : IDisposable
{
    string Format { get; }

    /// <summary>Column names in file order. JSON Lines adds a column the first time a row carries a new key.</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>Line where the current row starts (1-based).</summary>
    long Line { get; }

    /// <summary>Why the current row could not be read, or null.</summary>
    string? Error { get; }

    /// <summary>The current row's values by column index; null where empty or absent.</summary>
    ReadOnlySpan<string?> Values { get; }

    bool Read();
}

/// <summary>
/// One JSON object per line. Strings, numbers and booleans become text the mapper normalises like CSV values; arrays
/// become '|'-separated lists. A line is read with a length cap, so a huge line costs no more memory than the cap.
/// </summary>
internal sealed class JsonLinesFeedReader(TextReader reader, int maxLineChars, int maxColumns = 1_000) : IFeedReader
{
    private readonly List<string> _columns = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly StringBuilder _lineText = new();
    private readonly char[] _buffer = new char[1 << 16];
    private string?[] _values = [];
    private int _pos;
    private int _len;
    private long _nextLine = 1;

    public string Format => "jsonl";

    public IReadOnlyList<string> Columns => _columns;

    public long Line { get; private set; }

    public string? Error { get; private set; }

    public ReadOnlySpan<string?> Values => _values;

    public bool Read()
    {
        while (true)
        {
            Error = null;
            Line = _nextLine;
            var state = ReadLine(out var tooLong);
            if (state < 0)
            {
                return false;
            }

            _nextLine++;
            Array.Clear(_values);
            if (tooLong)
            {
                Error = $"the line is longer than {maxLineChars:N0} characters";
                return true;
            }

            var text = _lineText.ToString();
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            Parse(text);
            return true;
        }
    }

    public void Dispose() => reader.Dispose();

    private void Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                Error = "is not a JSON object";
                return;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!_index.TryGetValue(property.Name, out var column))
                {
                    if (_columns.Count >= maxColumns)
                    {
                        Error = $"has more than {maxColumns:N0} distinct keys across the file (Mercato:Feeds:MaxColumns)";
                        return;
                    }

                    column = _columns.Count;
                    _columns.Add(property.Name);
                    _index[property.Name] = column;
                    Array.Resize(ref _values, _columns.Count);
                }

                _values[column] = Text(property.Value);
            }
        }
        catch (JsonException exception)
        {
            var cut = exception.Message.IndexOf(" Path:", StringComparison.Ordinal);
            Error = "is not valid JSON: " + (cut > 0 ? exception.Message[..cut] : exception.Message);
        }
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => string.Join("|", value.EnumerateArray().Select(Text).Where(t => t is not null)),
        JsonValueKind.Object => value.GetRawText(),
        _ => null,
    };

    /// <summary>Reads up to the next LF (a CR before it is dropped); -1 at the end of input.</summary>
    private int ReadLine(out bool tooLong)
    {
        _lineText.Clear();
        tooLong = false;
        var any = false;
        while (true)
        {
            if (_pos >= _len)
            {
                _len = reader.ReadBlock(_buffer, 0, _buffer.Length);
                _pos = 0;
                if (_len == 0)
                {
                    return any ? 0 : -1;
                }
            }

            any = true;
            var span = _buffer.AsSpan(_pos, _len - _pos);
            var newline = span.IndexOf('\n');
            var chunk = newline < 0 ? span : span[..newline];
            if (!tooLong && _lineText.Length + chunk.Length <= maxLineChars)
            {
                _lineText.Append(chunk);
            }
            else if (!tooLong)
            {
                tooLong = true;
                _lineText.Clear();
            }

            _pos += chunk.Length;
            if (newline >= 0)
            {
                _pos++;
                if (_lineText.Length > 0 && _lineText[^1] == '\r')
                {
                    _lineText.Length--;
                }

                return 0;
            }
        }
    }
}
