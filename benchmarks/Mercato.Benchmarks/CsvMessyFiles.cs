using System.Text;

namespace Mercato.Benchmarks;

/// <summary>
/// Correctness side of the CSV reader comparison: real-shaped messy files through both readers, printed side by side
/// with what a feed importer must see (<c>dotnet run -c Release --project benchmarks/Mercato.Benchmarks -- csv-messy</c>).
/// </summary>
internal static class CsvMessyFiles
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    private static readonly (string Name, byte[] Bytes, string Expected)[] Cases =
    [
        ("quoted line breaks (CRLF, LF, CR mixed)",
            Utf8("id,description,price\r\n1,\"two\r\nlines\",10\n2,\"a \"\"quoted\"\" word\",20\r3,plain,30\r\n"),
            "L2 [1|two\r\nlines|10] · L4 [2|a \"quoted\" word|20] · L5 [3|plain|30]"),
        ("Latin-1 bytes without a BOM",
            // Windows-1252 as sellers' spreadsheets save it: 0xEB ë, 0x80 €, 0x8A Š.
            Latin1.GetBytes("id;marque;prix\n1;Citro\u00EBn;5 000 \u0080\n2;\u008Akoda;7 500\n"),
            "L2 [1|Citroën|5 000 €] · L3 [2|Škoda|7 500]"),
        ("';' delimiter with decimal commas",
            Utf8("id;price;mileage\n1;\"18.990,50\";\"12,5\"\n2;4,99;7\n"),
            "L2 [1|18.990,50|12,5] · L3 [2|4,99|7]"),
        ("UTF-8 BOM and tab delimiter",
            [0xEF, 0xBB, 0xBF, .. Utf8("id\tmake\n1\tMazda\n")],
            "L2 [1|Mazda]"),
        ("ragged rows (short, and long with empty extras)",
            Utf8("id,make,model\n1,Honda\n2,Ford,Focus,,\n3,Kia,Rio,extra\n"),
            "L2 [1|Honda|] · L3 [2|Ford|Focus] · L4 [3|Kia|Rio] error"),
        ("a quote that never closes",
            Utf8("id,description\n1,ok\n2,\"never closed\n3,lost\n"),
            "L2 [1|ok] · L3 [2|never closed\n3,lost\n] error"),
        ("blank lines between records",
            Utf8("id,make\n\n1,Audi\r\n\r\n2,BMW\n"),
            "L3 [1|Audi] · L5 [2|BMW]"),
        ("a 2 MB field in the middle",
            Utf8($"id,description\n1,{new string('x', 2 * 1024 * 1024)}\n2,fine\n"),
            "L2 [1|] error · L3 [2|fine]"),
    ];

    public static int Run()
    {
        var failures = 0;
        foreach (var (name, bytes, expected) in Cases)
        {
            var ours = Describe(bytes, sylvan: false);
            var sylvan = Describe(bytes, sylvan: true);
            failures += ours == expected ? 0 : 1;
            Console.WriteLine($"{name}\n  expected: {Show(expected)}\n  mercato:  {Show(ours)}\n  sylvan:   {Show(sylvan)}{(sylvan == expected ? "" : "   <- differs")}\n");
        }

        return failures;
    }

    private static string Describe(byte[] bytes, bool sylvan)
    {
        var records = new List<string>();
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            CsvReaders.RecordSink sink = (line, error, values) =>
            {
                records.Add($"L{line} [{string.Join('|', values.Select(v => v is { Length: > 40 } ? "" : v))}]{(error is null ? "" : " error")}");
                return 0;
            };
            _ = sylvan ? CsvReaders.Sylvan(stream, sink) : CsvReaders.Ours(stream, sink);
            return string.Join(" · ", records);
        }
        catch (Exception exception)
        {
            return $"{string.Join(" · ", records)} !! {exception.GetType().Name}: {exception.Message.Split('\n')[0]}";
        }
    }

    private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

    private static string Show(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
