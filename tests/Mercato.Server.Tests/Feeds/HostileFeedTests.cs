using System.Text;
using Mercato.Server.Tests.Infrastructure;
using static Mercato.Server.Tests.Feeds.FeedTestFiles;

namespace Mercato.Server.Tests.Feeds;

/// <summary>Files that break naive importers: each gets a clear outcome and never a half-applied or corrupt catalog.</summary>
[Collection(nameof(SerialConsole))]
public abstract class HostileFeedTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task An_unbalanced_quote_rejects_its_record_and_names_the_line()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, Write($"{Header},title\n{Row(1)},ok\n{Row(2)},\"never closed\n{Row(3)},lost\n"));
        code.ShouldBe(3, output);
        output.ShouldContain("line 3: row: a quoted field opened on line 3 is never closed");
        (await t.ListingsAsync()).Select(l => (string)l["externalId"]!).ShouldBe(["S1"]);
    }

    [SkippableFact]
    public async Task Mixed_line_endings_and_quoted_line_breaks_keep_line_numbers_right()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var content = $"{Header},description\r\n{Row(1)},\"two\r\nlines\"\n{Row(2)},plain\r{Row(3, year: "x")},bad\r\n";
        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, Write(content));
        code.ShouldBe(3, output);
        output.ShouldContain("line 5: year 'x'");
        (await t.ListingsAsync()).Count.ShouldBe(2);
        ((string)(await t.ListingsAsync()).Single(l => (string)l["externalId"]! == "S1")["description"]!).ShouldBe("two\r\nlines");
    }

    [SkippableFact]
    public async Task A_10_MB_field_rejects_its_row_without_stopping_the_import()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var huge = new string('x', 10 * 1024 * 1024);
        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, Write($"{Header},description\n{Row(1)},{huge}\n{Row(2)},fine\n"));
        code.ShouldBe(3, output);
        output.ShouldContain("line 2: row: field 14 is longer than");
        (await t.ListingsAsync()).Select(l => (string)l["externalId"]!).ShouldBe(["S2"]);
    }

    [SkippableFact]
    public async Task Random_bytes_are_refused_as_unreadable()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var bytes = new byte[200_000];
        new Random(5).NextBytes(bytes);
        var (code, _, error) = await ImportAsync(fixture, t.Tenant.Slug, WriteBytes(bytes));
        code.ShouldBe(1);
        error.ShouldBe("mercato: unreadable file: the file is not text (it holds NUL or control bytes); feeds must be CSV or JSON Lines text\n", StringCompareShould.IgnoreLineEndings);
        (await t.ListingsAsync()).Count.ShouldBe(0);
    }

    [SkippableFact]
    public async Task A_device_that_never_ends_is_refused_at_once_instead_of_read_forever()
    {
        fixture.SkipIfUnavailable();
        Skip.IfNot(File.Exists("/dev/zero"), "no /dev/zero here");
        using var t = await fixture.CreateTenantAsync();
        var run = ImportAsync(fixture, t.Tenant.Slug, "/dev/zero");
        (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)))).ShouldBe(run, "the import must not read /dev/zero without end");
        var (code, _, error) = await run;
        code.ShouldBe(1);
        error.ShouldContain("'zero' is not a regular file");
    }

    [SkippableFact]
    public async Task A_file_without_a_header_row_is_refused_and_a_header_only_file_imports_nothing()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var noHeader = await ImportAsync(fixture, t.Tenant.Slug, Write($"{Row(1)}\n{Row(2)}\n"));
        noHeader.Code.ShouldBe(1);
        noHeader.Output.ShouldContain("needs a header row");

        var headerOnly = await ImportAsync(fixture, t.Tenant.Slug, Write($"{Header}\n"));
        headerOnly.Code.ShouldBe(0, headerOnly.Output);
        headerOnly.Output.ShouldContain("0 rows read");
        (await ImportAsync(fixture, t.Tenant.Slug, Write(""))).Error.ShouldContain("the file is empty");
    }

    [SkippableFact]
    public async Task A_hundred_columns_of_which_most_are_unknown_are_reported_once()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var extra = string.Join(',', Enumerable.Range(1, 87).Select(i => $"extra_{i}"));
        var values = string.Join(',', Enumerable.Range(1, 87).Select(i => $"v{i}"));
        var rows = string.Join('\n', Enumerable.Range(1, 20).Select(n => $"{Row(n)},{values}"));
        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, Write($"{Header},{extra}\n{rows}\n"));
        code.ShouldBe(0, output);
        output.Split("columns ignored").Length.ShouldBe(2, "reported once");
        output.ShouldContain("extra_20 … and 67 more");
        (await t.ListingsAsync()).Count.ShouldBe(20);
    }

    [SkippableFact]
    public async Task A_header_of_a_hundred_thousand_columns_is_refused_with_its_line_and_reason()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var header = string.Join(',', Enumerable.Range(1, 100_000).Select(i => $"c{i}"));
        var (code, _, error) = await ImportAsync(fixture, t.Tenant.Slug, Write($"{header}\n{Row(1)}\n"));
        code.ShouldBe(1, error);
        error.ShouldContain("the header (line 1) cannot be read: it has 100,000 columns, more than the 1,000 allowed");
    }

    [SkippableFact]
    public async Task A_row_of_a_million_delimiters_is_rejected_and_the_rest_of_the_file_imports()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, Write($"{Header}\n{Row(1)}\n{Row(2)}{new string(',', 1_000_000)}x\n{Row(3)}\n"));
        code.ShouldBe(3, output);
        output.ShouldContain("line 3: row: has 1,000,013 fields but the header has 13");
        (await t.ListingsAsync()).Select(l => (string)l["externalId"]!).Order().ShouldBe(["S1", "S3"]);
    }

    [SkippableFact]
    public async Task The_columns_ignored_warning_names_twenty_and_counts_the_rest()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var extra = string.Join(',', Enumerable.Range(1, 900).Select(i => $"junk_{i}_{new string('z', 100)}"));
        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, Write($"{Header},{extra}\n{Row(1)}\n"));
        code.ShouldBe(0, output);
        var warning = output.Split('\n').Single(l => l.Contains("columns ignored", StringComparison.Ordinal));
        warning.ShouldContain("… and 880 more");
        warning.Length.ShouldBeLessThan(2_000);
    }

    [SkippableFact]
    public async Task Bad_json_lines_are_reported_by_line()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var good = $"{{\"id\":\"J1\",\"dealer_id\":\"D1\",\"vin\":\"{Vin(1)}\",\"year\":2019,\"make\":\"Honda\",\"model\":\"Accord\",\"condition\":\"used\",\"mileage\":\"12,000 mi\",\"price\":18990}}";
        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, Write($"{good}\n{{\"id\": broken\n[1,2]\n", ".jsonl"));
        code.ShouldBe(3, output);
        output.ShouldContain("line 2: row: is not valid JSON");
        output.ShouldContain("line 3: row: is not a JSON object");
        ((long)(await t.ListingsAsync()).Single()["attributes"]!["mileage"]!).ShouldBe(12_000);
    }
}

public sealed class SqliteHostileFeedTests(SqliteFixture fixture) : HostileFeedTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresHostileFeedTests(PostgresFixture fixture) : HostileFeedTests(fixture), IClassFixture<PostgresFixture>;
