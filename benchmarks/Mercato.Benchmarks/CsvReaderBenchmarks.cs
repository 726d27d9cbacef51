using BenchmarkDotNet.Attributes;
using Mercato.Server.Feeds;
using Sylvan.Data.Csv;

namespace Mercato.Benchmarks;

/// <summary>
/// The feed importer's CSV reader against Sylvan.Data.Csv on the same decoded text (our encoding sniffing feeds both),
/// each materialising every field as a string as the row builder needs. The file is a generated feed named by
/// <c>MERCATO_BENCH_CSV</c> (e.g. <c>mercato generate vehicles --count 3000000 --out /tmp/vehicles.csv</c>).
/// </summary>
[MemoryDiagnoser]
public class CsvReaderBenchmarks
{
    private string _path = "";

    [Params("mercato", "sylvan")]
    public string Reader { get; set; } = "mercato";

    [GlobalSetup]
    public void Setup()
    {
        _path = Environment.GetEnvironmentVariable("MERCATO_BENCH_CSV") ?? "";
        if (!File.Exists(_path))
        {
            throw new InvalidOperationException("set MERCATO_BENCH_CSV to a generated feed (mercato generate vehicles --count 3000000 --out FILE)");
        }
    }

    /// <summary>Rows read; the characters of every field are summed so no reader can skip materialising them.</summary>
    [Benchmark]
    public long ReadAll()
    {
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var (rows, chars) = Reader == "sylvan" ? CsvReaders.Sylvan(stream, CsvReaders.Consume) : CsvReaders.Ours(stream, CsvReaders.Consume);
        return rows + (chars & 1);
    }
}

/// <summary>Both readers behind one shape: each record's line (where the reader knows it) and values, or its error.</summary>
internal static class CsvReaders
{
    public delegate long RecordSink(long line, string? error, IReadOnlyList<string?> values);

    public static long Consume(long line, string? error, IReadOnlyList<string?> values)
    {
        long chars = 0;
        for (var i = 0; i < values.Count; i++)
        {
            chars += values[i]?.Length ?? 0;
        }

        return chars;
    }

    public static (long Rows, long Chars) Ours(Stream stream, RecordSink sink)
    {
        var opened = FeedFile.Open(stream, new FeedsOptions(), out var error) ?? throw new InvalidOperationException(error);
        using var reader = opened.Reader;
        long rows = 0, chars = 0;
        var values = new string?[reader.Columns.Count];
        while (reader.Read())
        {
            reader.Values.CopyTo(values);
            chars += sink(reader.Line, reader.Error, values);
            rows++;
        }

        return (rows, chars);
    }

    public static (long Rows, long Chars) Sylvan(Stream stream, RecordSink sink)
    {
        // The same encoding sniffing as the importer, so both parse identical text.
        var sample = new byte[FeedEncoding.SampleBytes];
        var read = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        var detected = FeedEncoding.Detect(sample.AsSpan(0, read), out var notText) ?? throw new InvalidOperationException(notText);
        stream.Seek(detected.PreambleBytes, SeekOrigin.Begin);
        using var text = new StreamReader(stream, detected.Encoding, detectEncodingFromByteOrderMarks: false, 1 << 16);
        var options = new CsvDataReaderOptions { HasHeaders = true, BufferSize = 1 << 16, MaxBufferSize = 1 << 20 };
        using var csv = CsvDataReader.Create(text, options);
        long rows = 0, chars = 0;
        var values = new string?[csv.FieldCount];
        while (csv.Read())
        {
            for (var i = 0; i < values.Length; i++)
            {
                var value = i < csv.RowFieldCount ? csv.GetString(i) : "";
                values[i] = value.Length == 0 ? null : value;
            }

            chars += sink(csv.RowNumber, null, values);
            rows++;
        }

        return (rows, chars);
    }
}
