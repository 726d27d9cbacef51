using System.Diagnostics;
using System.Text;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Mercato.Server.Tests.Feeds.FeedTestFiles;

namespace Mercato.Server.Tests.Feeds;

/// <summary>Imports through <c>mercato import</c> into the fixture's database, checked through the HTTP API.</summary>
[Collection(nameof(SerialConsole))]
public abstract class FeedImportTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task Imports_the_generators_feed_with_no_configuration_and_reimporting_changes_nothing()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        using var other = await fixture.CreateTenantAsync();
        var file = Vehicles(300);

        var (code, output, error) = await ImportAsync(fixture, t.Tenant.Slug, file);
        code.ShouldBe(0, output + error);
        output.ShouldContain("created 300");
        var listings = await t.ListingsAsync();
        listings.Count.ShouldBe(300);
        listings.ShouldAllBe(l => (int)l["version"]! == 1);
        ((string)listings[0]["category"]!).ShouldBe("vehicles");
        listings[0]["attributes"]!["location"].ShouldNotBeNull("the dealer's ZIP gives the location");
        (await fixture.ChangeCountAsync(t)).ShouldBe(300);
        (await other.ListingsAsync()).Count.ShouldBe(0, "another tenant sees nothing");

        var again = await ImportAsync(fixture, t.Tenant.Slug, file);
        again.Code.ShouldBe(0, again.Output);
        again.Output.ShouldContain("unchanged 300");
        again.Output.ShouldContain("created 0  updated 0");
        (await fixture.ChangeCountAsync(t)).ShouldBe(300, "an identical re-import writes no change-log entries");
        (await t.ListingsAsync()).ShouldAllBe(l => (int)l["version"]! == 1);
    }

    [SkippableFact]
    public async Task Imports_json_lines_and_updates_what_changed()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var code = (await ImportAsync(fixture, t.Tenant.Slug, Vehicles(50, seed: 9, jsonLines: true))).Code;
        code.ShouldBe(0);
        (await t.ListingsAsync()).Count.ShouldBe(50);

        var lines = (await File.ReadAllLinesAsync(Vehicles(50, seed: 9, jsonLines: true))).ToArray();
        lines[0] = lines[0].Replace("\"mileage\":", "\"mileage\":1", StringComparison.Ordinal);
        var changed = Write(string.Join('\n', lines) + "\n", ".jsonl");
        var (again, output, _) = await ImportAsync(fixture, t.Tenant.Slug, changed);
        again.ShouldBe(0, output);
        output.ShouldContain("updated 1  unchanged 49");
    }

    [SkippableTheory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("latin-1-claiming-utf-8")]
    public async Task Reads_every_supported_encoding(string encoding)
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var content = $"{Header},title\r\n{Row(1)},Citroën façade — “Überholt”\r\n";
        var file = encoding switch
        {
            "utf-8-bom" => Write(content, encoding: new UTF8Encoding(true)),
            "utf-16le" => Write(content, encoding: Encoding.Unicode),
            "utf-16be" => Write(content, encoding: Encoding.BigEndianUnicode),
            _ => WriteBytes([.. Encoding.UTF8.GetBytes(Header + ",title\r\n" + Row(1) + ","), .. Latin1("Citroën façade — “Überholt”"), .. "\r\n"u8.ToArray()]),
        };

        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, file, "--report", Path.ChangeExtension(file, ".json"));
        code.ShouldBe(0, output);
        ((string)(await t.ListingsAsync())[0]["title"]!).ShouldBe("Citroën façade — “Überholt”");
        if (encoding.StartsWith("latin", StringComparison.Ordinal))
        {
            output.ShouldContain("read as Windows-1252");
        }
    }

    // Windows-1252: the dash and curly quotes live in 0x80–0x9F, where Latin-1 has control codes.
    private static byte[] Latin1(string text) => [.. text.Select(c => c switch { '—' => (byte)0x97, '“' => (byte)0x93, '”' => (byte)0x94, _ => (byte)c })];

    [SkippableFact]
    public async Task Maps_header_synonyms_and_normalises_values()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var content =
            "Stock #;Dealer;ZIP;VIN;Model Year;Brand;Model;Body Style;Fuel Type;Condition;Odometer km;Price;Internal notes;Photo URL\n"
            + $"A1;D1;10001;{Vin(1)};2019;Honda;Accord;sedan;Gas;Pre-Owned;150.000;5.000,00 €;x;http://a\n"
            + $"A2;D1;10001;{Vin(2)};2020;Honda;Civic;SUV;Plug-in Hybrid;new;12k mi;$5,000;y;http://b\n";
        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, Write(content));
        code.ShouldBe(0, output);
        output.ShouldContain("columns ignored (no matching field of 'vehicles'): Internal notes, Photo URL");
        output.Split("Internal notes").Length.ShouldBe(2, "unmapped columns are reported once, not per row");

        var listings = (await t.ListingsAsync()).ToDictionary(l => (string)l["externalId"]!);
        var first = listings["A1"];
        ((long)first["attributes"]!["mileage"]!).ShouldBe(93_206, "150,000 km in the schema's miles");
        ((long)first["price"]!["amount"]!).ShouldBe(500_000);
        ((string)first["price"]!["currency"]!).ShouldBe("EUR");
        ((string)first["attributes"]!["fuel"]!).ShouldBe("gasoline");
        ((string)first["attributes"]!["condition"]!).ShouldBe("used");
        ((string)first["title"]!).ShouldBe("2019 Honda Accord", "a title is composed when the feed has none");
        var second = listings["A2"];
        ((long)second["attributes"]!["mileage"]!).ShouldBe(12_000, "a unit in the value beats the column's");
        ((long)second["price"]!["amount"]!).ShouldBe(500_000);
        ((string)second["price"]!["currency"]!).ShouldBe("USD");
        ((string)second["attributes"]!["fuel"]!).ShouldBe("plug_in_hybrid");
    }

    [SkippableFact]
    public async Task Takes_google_vehicle_listing_attribute_names()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var content = "vin,id,store_code,dealership_name,dealership_address,price,condition,brand,model,year,mileage,color,body_style,link\n"
            + $"{Vin(7)},G7,S-77,Ford of Mountain View,\"1800 Amphibious Blvd., Mountain View, CA 94043, US\",10499 USD,used,Ford,Focus,2018,28000 miles,Blue,Hatchback,https://x\n";
        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, Write(content));
        code.ShouldBe(0, output);
        var listing = (await t.ListingsAsync()).Single();
        ((string)listing["sellerExternalId"]!).ShouldBe("S-77");
        ((string)listing["attributes"]!["make"]!).ShouldBe("Ford");
        ((long)listing["price"]!["amount"]!).ShouldBe(1_049_900);
        listing["attributes"]!["location"].ShouldNotBeNull("the ZIP is taken from the dealership address");
    }

    [SkippableFact]
    public async Task Reports_bad_rows_with_line_field_and_reason_and_imports_the_good_ones()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var content = $"{Header}\n{Row(1)}\n{Row(2, price: "-5")}\n{Row(3, year: "abc")}\n{Row(1)}\n{Row(4, mileage: "lots")}\n{Row(5)}\n";
        var file = Write(content);
        var report = Path.ChangeExtension(file, ".report.csv");
        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, file, "--report", report);
        code.ShouldBe(3, output);
        output.ShouldContain("created 2");
        output.ShouldContain("rejected 4");
        var lines = await File.ReadAllLinesAsync(report);
        lines[0].ShouldBe("line,field,value,reason");
        lines.ShouldContain(l => l.StartsWith("3,price,'-5,", StringComparison.Ordinal) && l.Contains("non-negative"));
        lines.ShouldContain(l => l.StartsWith("4,year,abc,", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("5,stock_no,S1,duplicate", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("6,mileage,lots,", StringComparison.Ordinal));
        (await t.ListingsAsync()).Select(l => (string)l["externalId"]!).Order().ShouldBe(["S1", "S5"]);
    }

    [SkippableFact]
    public async Task Report_values_a_spreadsheet_would_run_as_formulas_are_prefixed_also_after_a_tab_or_carriage_return()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var content = $"{Header}\n{Row(1, year: "=1+2")}\n{Row(2, year: "\"\t=1+2\"")}\n{Row(3, year: "\"\r@SUM(1)\"")}\n{Row(4, year: "+7")}\n";
        var report = Path.ChangeExtension(Write(""), ".report.csv");
        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, Write(content), "--report", report);
        code.ShouldBe(3, output);
        var text = await File.ReadAllTextAsync(report);
        text.ShouldContain("\r\n2,year,'=1+2,");
        text.ShouldContain("\r\n3,year,'\t=1+2,");
        text.ShouldContain("\r\n4,year,\"'\r@SUM(1)\",");
        text.ShouldContain("\r\n6,year,'+7,", Case.Sensitive, "the quoted CR counts as a line break");
    }

    [SkippableFact]
    public async Task A_duplicate_in_a_later_batch_is_reported_and_the_first_line_counts()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var rows = Enumerable.Range(1, 150).Select(n => Row(n)).ToList();
        rows.Add(Row(7, price: "1"));
        rows.Add(Row(8, year: "abc"));
        rows.Add(Row(151, dealer: "D2"));
        var report = Path.ChangeExtension(Write(""), ".report.csv");
        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, Write($"{Header}\n{string.Join('\n', rows)}\n"), "--batch-size", "100", "--report", report);
        code.ShouldBe(3, output);
        output.ShouldContain("created 151  updated 0  unchanged 0");
        output.ShouldContain("rejected 2");
        var lines = await File.ReadAllLinesAsync(report);
        lines.ShouldContain(l => l.StartsWith("152,stock_no,S7,duplicate: an earlier line", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("153,year,abc,", StringComparison.Ordinal));
        var listings = (await t.ListingsAsync()).ToDictionary(l => (string)l["externalId"]!);
        listings.Count.ShouldBe(151);
        ((long)listings["S7"]["price"]!["amount"]!).ShouldBe(1_899_000, "the first line counts");
        listings["S7"]["version"]!.GetValue<int>().ShouldBe(1);
        (await fixture.ChangeCountAsync(t)).ShouldBe(151);

        // The change log lists every listing once, in id order within the import.
        var changed = (await fixture.QueryAsync<long>("SELECT listing_id FROM listing_changes WHERE tenant_id = @Id ORDER BY seq", new { t.Tenant.Id })).ToList();
        changed.ShouldBe(changed.Order().ToList());
    }

    [SkippableFact]
    public async Task All_or_nothing_applies_nothing_when_a_row_is_bad()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, Write($"{Header}\n{Row(1)}\n{Row(2, year: "1800")}\n"), "--all-or-nothing");
        code.ShouldBe(1);
        output.ShouldContain("nothing was applied");
        (await t.ListingsAsync()).Count.ShouldBe(0);
        (await fixture.CountAsync("SELECT count(*) FROM sellers WHERE tenant_id = @Id", new { t.Tenant.Id })).ShouldBe(0);
    }

    [SkippableFact]
    public async Task Dry_run_counts_and_writes_nothing()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        (await ImportAsync(fixture, t.Tenant.Slug, Write($"{Header}\n{Row(1)}\n{Row(2)}\n{Row(3)}\n"))).Code.ShouldBe(0);
        var changes = await fixture.ChangeCountAsync(t);

        var (code, output, _) = await ImportAsync(fixture, t.Tenant.Slug, Write($"{Header}\n{Row(1)}\n{Row(2, price: "1")}\n{Row(4)}\n{Row(5, dealer: "D2")}\n"), "--dry-run", "--full-sync", "--force");
        code.ShouldBe(0, output);
        output.ShouldContain("dry run");
        output.ShouldContain("created 2  updated 1  unchanged 1  removed 1  rejected 0  sellers created 1");
        (await t.ListingsAsync()).Count.ShouldBe(3);
        (await t.ListingsAsync()).ShouldAllBe(l => (int)l["version"]! == 1 && (string)l["status"]! == "active");
        (await fixture.ChangeCountAsync(t)).ShouldBe(changes);
        (await fixture.CountAsync("SELECT count(*) FROM sellers WHERE tenant_id = @Id", new { t.Tenant.Id })).ShouldBe(1);
    }

    [SkippableFact]
    public async Task Full_sync_refuses_to_take_down_too_much_unless_forced()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var all = string.Join('\n', Enumerable.Range(1, 10).Select(n => Row(n)));
        (await ImportAsync(fixture, t.Tenant.Slug, Write($"{Header}\n{all}\n"))).Code.ShouldBe(0);

        var half = Write($"{Header}\n{string.Join('\n', Enumerable.Range(1, 5).Select(n => Row(n)))}\n");
        var refused = await ImportAsync(fixture, t.Tenant.Slug, half, "--seller", "D1", "--full-sync");
        refused.Code.ShouldBe(1);
        refused.Output.ShouldContain("full sync refused");
        refused.Output.ShouldContain("of seller D1's 10 active listings");
        var refusedByFeed = await ImportAsync(fixture, t.Tenant.Slug, half, "--full-sync");
        refusedByFeed.Code.ShouldBe(1);
        refusedByFeed.Output.ShouldContain("of seller D1's 10 active listings", customMessage: "a many-seller feed names the dealer by its id in the feed");
        (await t.ListingsAsync()).ShouldAllBe(l => (string)l["status"]! == "active");

        // A row the file still has counts as present even when it is rejected: S3 stays up with its stored content.
        var few = Write($"{Header}\n{string.Join('\n', Enumerable.Range(1, 8).Select(n => n == 3 ? Row(n, year: "abc") : Row(n)))}\n");
        var allowed = await ImportAsync(fixture, t.Tenant.Slug, few, "--seller", "D1", "--full-sync");
        allowed.Code.ShouldBe(3, allowed.Output);
        allowed.Output.ShouldContain("removed 2");
        allowed.Output.ShouldContain("rejected 1");
        (await t.ListingsAsync()).Single(l => (string)l["externalId"]! == "S3")["status"]!.GetValue<string>().ShouldBe("active");

        var forced = await ImportAsync(fixture, t.Tenant.Slug, half, "--seller", "D1", "--full-sync", "--force");
        forced.Code.ShouldBe(0, forced.Output);
        forced.Output.ShouldContain("removed 3");
        var byId = (await t.ListingsAsync()).ToDictionary(l => (string)l["externalId"]!, l => (string)l["status"]!);
        byId.Count(p => p.Value == "unavailable").ShouldBe(5);
        byId["S1"].ShouldBe("active");

        var headerOnly = await ImportAsync(fixture, t.Tenant.Slug, Write($"{Header}\n"), "--seller", "D1", "--full-sync");
        headerOnly.Code.ShouldBe(1, "an empty file must not take a seller's whole inventory down");
    }
}

public sealed class SqliteFeedImportTests(SqliteFixture fixture) : FeedImportTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresFeedImportTests(PostgresFixture fixture) : FeedImportTests(fixture), IClassFixture<PostgresFixture>
{
    private readonly PostgresFixture _fixture = fixture;

    /// <summary>
    /// The merge inserts keys its lookup did not find without ON CONFLICT; when another writer creates one of them
    /// meanwhile, the batch is merged again from a savepoint, and that listing is updated instead.
    /// </summary>
    [SkippableFact]
    public async Task A_key_another_writer_creates_during_the_import_is_updated_not_a_failure()
    {
        _fixture.SkipIfUnavailable();
        using var t = await _fixture.CreateTenantAsync();
        var rows = Enumerable.Range(1, 20).Select(n => Row(n)).ToList();
        (await ImportAsync(_fixture, t.Tenant.Slug, Write($"{Header}\n{string.Join('\n', rows)}\n"))).Code.ShouldBe(0);
        rows.Add(Row(21));

        await using var other = await _fixture.Services.GetRequiredService<Database>().OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await other.ExecuteAsync(
            """
            INSERT INTO listings (tenant_id, seller_id, category_id, external_id, status, title, attributes, version, created_at, updated_at)
            SELECT tenant_id, seller_id, category_id, 'S21', 'active', 'Typed in by hand', '{}', 1, now(), now()
            FROM listings WHERE tenant_id = @Id AND external_id = 'S1'
            """, new { t.Tenant.Id }, transaction);

        // The import's insert of S21 waits for the open transaction's uncommitted S21, which then commits.
        var import = ImportAsync(_fixture, t.Tenant.Slug, Write($"{Header}\n{string.Join('\n', rows)}\n"));
        var waiting = Stopwatch.StartNew();
        while (await _fixture.CountAsync("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%feed_stage%'", new { }) == 0)
        {
            import.IsCompleted.ShouldBeFalse("the import should have waited for the other writer's S21");
            waiting.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
            await Task.Delay(20);
        }

        await transaction.CommitAsync();
        var (code, output, error) = await import;
        code.ShouldBe(0, output + error);
        output.ShouldContain("created 0  updated 1  unchanged 20");
        var listings = (await t.ListingsAsync()).ToDictionary(l => (string)l["externalId"]!);
        listings.Count.ShouldBe(21);
        ((string)listings["S21"]["title"]!).ShouldNotBe("Typed in by hand");
        listings["S21"]["version"]!.GetValue<int>().ShouldBe(2);
    }
}
