using System.Text;
using BenchmarkDotNet.Attributes;
using Mercato.Server.Catalog;
using Mercato.Server.Demo;
using Mercato.Server.Feeds;

namespace Mercato.Benchmarks;

/// <summary>
/// The importer's client-side work on a generated vehicle feed, without a database: reading the CSV alone, and reading
/// plus building each row into staged listing content (mapping, normalisation, validation, attributes serialised).
/// </summary>
[MemoryDiagnoser]
public class FeedRowBenchmarks
{
    private byte[] _feed = [];
    private Category _category = null!;

    [Params(50_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(false), leaveOpen: true))
        {
            VehicleFeedWriter.WriteCsv(writer, new VehicleGenerator(BenchReferenceData.Current, 1, VehicleGenerator.DealerCountFor(Rows)).Generate(Rows));
        }

        _feed = buffer.ToArray();
        var template = VerticalTemplates.For(VerticalTemplates.Vehicles);
        _category = new Category(1, 1, null, template.Slug, template.Name, template.Vertical, template.Attributes);
    }

    [Benchmark]
    public long Read()
    {
        using var reader = Open();
        long fields = 0;
        while (reader.Read())
        {
            fields += reader.Values.Length;
        }

        return fields;
    }

    [Benchmark]
    public int ReadAndBuild()
    {
        using var reader = Open();
        using var builder = new FeedRowBuilder([_category], FeedMapping.Empty, new SellerResolver([], null, BenchReferenceData.Current.PostalCodes), "USD");
        _ = builder.Prepare(reader.Columns, out _);
        var issues = new List<FeedIssue>();
        var staged = 0;
        while (reader.Read())
        {
            staged += builder.Build(reader, issues)?.Content is null ? 0 : 1;
        }

        return issues.Count == 0 ? staged : throw new InvalidOperationException($"line {issues[0].Line}: {issues[0].Field} {issues[0].Reason}");
    }

    private IFeedReader Open() =>
        FeedFile.Open(new MemoryStream(_feed, writable: false), new FeedsOptions(), out var error)?.Reader ?? throw new InvalidOperationException(error);
}
