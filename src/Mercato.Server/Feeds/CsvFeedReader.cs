using System.Text;

namespace Mercato.Server.Feeds;

/// <summary>
/// RFC 4180 records from a text stream with a fixed-size buffer, so memory stays the same whatever the file size.
/// Lenient where real feeds are sloppy (CR, LF and CRLF line ends mixed; a quote inside an unquoted field is kept as
/// text; blank lines skipped) and strict where guessing would corrupt data: a field longer than the limit or a quote
/// that never closes makes the record an error naming its line, and the rest of the file is still read. A record
/// keeps at most as many fields as the header has columns (the header at most <c>MaxColumns</c>) and at most
/// <c>MaxRecordChars</c> characters: a line of millions of delimiters is counted, not stored.
/// </summary>
internal sealed class CsvFeedReader : IFeedReader
{
    private const int BufferChars = 1 << 16;

    private readonly TextReader _reader;
    private readonly int _maxFieldChars;
    private readonly int _maxRecordChars;
    private readonly char[] _buffer = new char[BufferChars];
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private readonly string?[] _empty = [];
    private string?[] _values = [];
    private int _pos;
    private int _len;
    private bool _eof;
    private long _line = 1;
    private char _delimiter = ',';
    private int _keep;
    private long _fieldCount;
    private bool _extraText;
    private long _recordChars;
    private bool _recordTooLong;

    public CsvFeedReader(TextReader reader, int maxFieldChars, int maxColumns = 1_000, int maxRecordChars = int.MaxValue)
    {
        _reader = reader;
        _maxFieldChars = maxFieldChars;
        _maxRecordChars = maxRecordChars;
        _keep = maxColumns;
        Fill();
        _delimiter = DetectDelimiter(_buffer.AsSpan(0, _len));
        if (ReadRecord())
        {
            Columns = [.. _fields.Select(f => f.Trim())];
            HeaderLine = Line;
            HeaderError = _fieldCount > maxColumns
                ? $"it has {_fieldCount:N0} columns, more than the {maxColumns:N0} allowed (Mercato:Feeds:MaxColumns)"
                : Error;
        }

        _keep = Columns.Count;
    }

    public string Format => "csv";

    public char Delimiter => _delimiter;

    public IReadOnlyList<string> Columns { get; } = [];

    public long HeaderLine { get; }

    public string? HeaderError { get; }

    public long Line { get; private set; }

    public string? Error { get; private set; }

    public ReadOnlySpan<string?> Values => _values;

    public bool Read()
    {
        if (!ReadRecord())
        {
            return false;
        }

        if (Error is null && _fieldCount > Columns.Count && _extraText)
        {
            Error = $"has {_fieldCount:N0} fields but the header has {Columns.Count} (an unquoted delimiter or an unbalanced quote?)";
        }

        if (_values.Length != Columns.Count)
        {
            _values = Columns.Count == 0 ? _empty : new string?[Columns.Count];
        }

        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = i < _fields.Count && _fields[i].Length > 0 ? _fields[i] : null;
        }

        return true;
    }

    public void Dispose() => _reader.Dispose();

    // The header line decides: the candidate that occurs most often outside quotes, comma on a tie or none.
    internal static char DetectDelimiter(ReadOnlySpan<char> start)
    {
        Span<int> counts = stackalloc int[4];
        var quoted = false;
        foreach (var c in start)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\r' or '\n')
            {
                break;
            }
            else if (!quoted)
            {
                var index = c switch { ',' => 0, ';' => 1, '\t' => 2, '|' => 3, _ => -1 };
                if (index >= 0)
                {
                    counts[index]++;
                }
            }
        }

        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return ",;\t|"[best];
    }

    private bool ReadRecord()
    {
        while (true)
        {
            _fields.Clear();
            (_fieldCount, _extraText, _recordChars, _recordTooLong) = (0, false, 0, false);
            Error = null;
            if (!Ensure())
            {
                return false;
            }

            Line = _line;
            var endOfRecord = false;
            while (!endOfRecord)
            {
                endOfRecord = ReadField();
            }

            // A blank line is one empty, unquoted field: skip it rather than report an empty row.
            if (_fieldCount == 1 && _fields.Count == 1 && _fields[0].Length == 0 && Error is null)
            {
                continue;
            }

            return true;
        }
    }

    /// <summary>Reads one field and the separator after it; true when that ended the record.</summary>
    private bool ReadField()
    {
        _field.Clear();
        var tooLong = false;
        if (Ensure() && _buffer[_pos] == '"')
        {
            _pos++;
            var startLine = _line;
            while (true)
            {
                if (!Ensure())
                {
                    Error ??= $"a quoted field opened on line {startLine} is never closed";
                    AddField(tooLong);
                    return true;
                }

                var span = _buffer.AsSpan(_pos, _len - _pos);
                var quote = span.IndexOf('"');
                var chunk = quote < 0 ? span : span[..quote];
                CountLines(chunk);
                Append(chunk, ref tooLong);
                _pos += chunk.Length;
                if (quote < 0)
                {
                    continue;
                }

                _pos++;
                if (Ensure() && _buffer[_pos] == '"')
                {
                    Append("\"", ref tooLong);
                    _pos++;
                    continue;
                }

                break;
            }
        }

        // Unquoted text, or stray text after a closing quote (kept as it is rather than dropped).
        while (Ensure())
        {
            var span = _buffer.AsSpan(_pos, _len - _pos);
            var stop = span.IndexOfAny(_delimiter, '\r', '\n');
            if (stop < 0)
            {
                Append(span, ref tooLong);
                _pos = _len;
                continue;
            }

            Append(span[..stop], ref tooLong);
            _pos += stop;
            var c = _buffer[_pos++];
            AddField(tooLong);
            if (c == _delimiter)
            {
                return false;
            }

            _line++;
            if (c == '\r' && Ensure() && _buffer[_pos] == '\n')
            {
                _pos++;
            }

            return true;
        }

        AddField(tooLong);
        return true;
    }

    private void AddField(bool tooLong)
    {
        _fieldCount++;
        if (tooLong)
        {
            Error ??= $"field {_fieldCount:N0} is longer than {_maxFieldChars:N0} characters";
        }

        if (_recordTooLong)
        {
            Error ??= $"the record is longer than {_maxRecordChars:N0} characters (Mercato:Feeds:MaxRecordChars)";
        }

        // Fields past the header's columns are only counted (and whether any holds text), so their number costs nothing.
        if (_fields.Count < _keep)
        {
            _fields.Add(_field.Length == 0 ? string.Empty : _field.ToString());
        }
        else if (_field.Length > 0 || tooLong)
        {
            _extraText = true;
        }
    }

    private void Append(ReadOnlySpan<char> chunk, ref bool tooLong)
    {
        if (tooLong || _recordTooLong)
        {
            return;
        }

        _recordChars += chunk.Length;
        if (_recordChars > _maxRecordChars)
        {
            _recordTooLong = true;
            _field.Clear();
            return;
        }

        if (_field.Length + chunk.Length > _maxFieldChars)
        {
            tooLong = true;
            _field.Clear();
            return;
        }

        _field.Append(chunk);
    }

    private void CountLines(ReadOnlySpan<char> chunk)
    {
        for (var i = 0; i < chunk.Length; i++)
        {
            if (chunk[i] == '\n' || (chunk[i] == '\r' && (i + 1 >= chunk.Length ? !NextIsNewline(i) : chunk[i + 1] != '\n')))
            {
                _line++;
            }
        }
    }

    // A CR at the very end of a chunk: the LF that may follow is not visible yet, so look at the buffer.
    private bool NextIsNewline(int indexInChunk) => _pos + indexInChunk + 1 < _len && _buffer[_pos + indexInChunk + 1] == '\n';

    private bool Ensure()
    {
        if (_pos < _len)
        {
            return true;
        }

        return Fill();
    }

    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        _len = _reader.ReadBlock(_buffer, 0, _buffer.Length);
        _pos = 0;
        if (_len == 0)
        {
            _eof = true;
            return false;
        }

        return true;
    }
}
