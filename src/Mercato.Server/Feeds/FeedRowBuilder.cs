using System.Globalization;
using System.Text.Json.Nodes;
using Mercato.Server.Catalog;

namespace Mercato.Server.Feeds;

/// <summary>One problem with one row (or, with line 0, with the whole file), as the report shows it.</summary>
internal sealed record FeedIssue(long Line, string? Field, string? Value, string Reason);

/// <summary>A row ready for the writer: valid content, or a rejected row whose key still counts as "present" for full sync.</summary>
internal sealed record StagedRow(long Line, string SellerExternalId, string ExternalId, StagedContent? Content);

/// <summary>
/// Validated content reduced to the columns the writer stores (attributes already serialised, on the reading thread):
/// a batch in flight holds these rather than JSON trees, which keeps memory per batch small.
/// </summary>
internal sealed record StagedContent(
    long CategoryId, string Status, string Title, string? Description, long? PriceAmount, string? PriceCurrency, string AttributesJson, double? Latitude, double? Longitude)
{
    public static StagedContent From(ListingContent content)
    {
        var (lat, lng) = content.Location;
        return new StagedContent(content.Category.Id, content.Status, content.Title, content.Description, content.Price?.Amount, content.Price?.Currency,
            content.Attributes.ToJsonString(), lat, lng);
    }
}

/// <summary>
/// Turns a feed row into listing content: picks the category's column plan, normalises each value by the type the
/// schema declares (money, quantities with units, booleans, dates, lists, enum spellings), then validates with the
/// same <see cref="ListingRules"/> and <see cref="AttributeValidator"/> as the API. Every bad field of a row is reported.
/// </summary>
internal sealed class FeedRowBuilder
{
    private readonly IReadOnlyList<Category> _categories;
    private readonly FeedMapping _mapping;
    private readonly SellerResolver _sellers;
    private readonly string _defaultCurrency;
    private readonly Dictionary<long, ColumnPlan> _plans = [];
    private readonly HashSet<string> _reportedUnmapped = new(StringComparer.Ordinal);
    private ColumnPlan? _default;

    public FeedRowBuilder(IReadOnlyList<Category> categories, FeedMapping mapping, SellerResolver sellers, string defaultCurrency)
    {
        _categories = categories;
        _mapping = mapping;
        _sellers = sellers;
        _defaultCurrency = mapping.Currency ?? defaultCurrency;
    }

    public Category? DefaultCategory => _default?.Category;

    /// <summary>The column rows are keyed by, as the report names it.</summary>
    public string IdField => _default?.Field(FeedSynonyms.ExternalId)?.Name ?? _default?.Slots.FirstOrDefault(s => s?.Target == "vin")?.Name ?? FeedSynonyms.ExternalId;

    /// <summary>
    /// Chooses the feed's category from the header (the mapping's category, else the one most columns fit) and
    /// returns the columns that map to nothing; null and a reason when no column is recognised (no header row?).
    /// </summary>
    public List<string>? Prepare(IReadOnlyList<string> columns, out string? error)
    {
        error = null;
        if (_mapping.Category is { } slug)
        {
            var chosen = FindCategory(slug);
            if (chosen is null)
            {
                error = $"the mapping names category '{slug}', which this marketplace does not have; categories: {string.Join(", ", _categories.Select(c => c.Slug))}";
                return null;
            }

            _default = PlanFor(chosen);
        }
        else
        {
            foreach (var category in _categories)
            {
                var plan = PlanFor(category);
                plan.Extend(columns);
                if (_default is null || plan.AttributeColumns > _default.AttributeColumns)
                {
                    _default = plan;
                }
            }
        }

        if (_default is null)
        {
            error = "this marketplace has no categories to import into";
            return null;
        }

        _default.Extend(columns);
        var unmapped = _default.Unplanned(columns);
        _reportedUnmapped.UnionWith(unmapped);
        if (columns.Count > 0 && unmapped.Count == columns.Count)
        {
            error = $"no column of the first line is a known field ({string.Join(", ", columns.Take(5).Select(c => $"'{Cut(c, 40)}'"))}…); "
                + "a feed needs a header row, or a mapping that names its columns";
            return null;
        }

        return unmapped;
    }

    /// <summary>Columns first seen since the last call (JSON Lines) that map to nothing; reported once each.</summary>
    public List<string> Unmapped(IReadOnlyList<string> columns)
    {
        var fresh = _default!.Extend(columns);
        fresh.RemoveAll(c => !_reportedUnmapped.Add(c));
        return fresh;
    }

    public StagedRow? Build(IFeedReader reader, List<FeedIssue> issues)
    {
        var line = reader.Line;
        if (reader.Error is { } readError)
        {
            issues.Add(new FeedIssue(line, null, null, readError));
            return null;
        }

        var values = reader.Values;
        var plan = _default!;
        if (plan.Field(FeedSynonyms.Category) is { } categorySlot && Value(values, categorySlot) is { } slug)
        {
            var category = FindCategory(slug);
            if (category is null)
            {
                issues.Add(new FeedIssue(line, categorySlot.Name, Cut(slug, 200), $"is not a category of this marketplace; categories: {string.Join(", ", _categories.Select(c => c.Slug))}"));
                return null;
            }

            plan = PlanFor(category);
            plan.Extend(reader.Columns);
        }

        var errors = new Dictionary<string, string[]>();
        var seller = _sellers.Resolve(
            Text(values, plan, FeedSynonyms.Seller), Text(values, plan, FeedSynonyms.SellerName),
            Text(values, plan, FeedSynonyms.SellerPostalCode), Text(values, plan, FeedSynonyms.SellerAddress), out var sellerError);
        if (sellerError is not null)
        {
            errors[FeedSynonyms.Seller] = [sellerError];
        }

        var attributes = new JsonObject();
        foreach (var slot in plan.Slots)
        {
            if (slot?.Attribute is { } attribute && Value(values, slot) is { } raw)
            {
                var node = Convert(plan, attribute, slot.Unit, raw, out var error);
                if (error is not null)
                {
                    errors[$"attributes.{attribute.Name}"] = [error];
                }
                else if (node is not null)
                {
                    attributes[attribute.Name] = node;
                }
            }
        }

        if (Text(values, plan, FeedSynonyms.Latitude) is { } latText && Text(values, plan, FeedSynonyms.Longitude) is { } lngText
            && plan.Category.Find("location") is not null)
        {
            if (FeedValues.TryParseNumber(latText, false, out var lat) && FeedValues.TryParseNumber(lngText, false, out var lng))
            {
                attributes["location"] = new JsonObject { ["lat"] = (double)lat, ["lng"] = (double)lng };
            }
            else
            {
                errors["attributes.location"] = ["latitude and longitude must be numbers"];
            }
        }

        var price = ReadPrice(values, plan, errors);
        var status = ReadStatus(values, plan, errors);
        var externalId = Text(values, plan, FeedSynonyms.ExternalId)?.Trim();
        if (string.IsNullOrEmpty(externalId))
        {
            // Vehicles are identified by their VIN when the feed has no stock number, products by their SKU.
            externalId = (attributes["vin"] as JsonValue)?.ToString().Trim().ToUpperInvariant() ?? (attributes["sku"] as JsonValue)?.ToString().Trim();
        }

        if (string.IsNullOrEmpty(externalId))
        {
            errors["externalId"] = ["is required: the row has no id (and no VIN or SKU to fall back on)"];
        }

        var title = Text(values, plan, FeedSynonyms.Title) ?? ComposeTitle(attributes);
        var content = seller is null || errors.ContainsKey("externalId")
            ? null
            : ListingRules.Validate(externalId, seller, plan.Category, status, title, Text(values, plan, FeedSynonyms.Description), price, attributes, errors, attributesOwned: true);
        if (content is not null)
        {
            return new StagedRow(line, seller!.ExternalId, content.ExternalId, StagedContent.From(content));
        }

        foreach (var (key, reasons) in errors)
        {
            var (field, value) = Describe(key, values, plan);
            foreach (var reason in reasons)
            {
                issues.Add(new FeedIssue(line, field, value, reason));
            }
        }

        // A rejected row still says "this listing is in the feed", so a full sync does not take it down.
        return seller is not null && !string.IsNullOrEmpty(externalId) && externalId.Length <= ListingRules.MaxExternalIdLength
            ? new StagedRow(line, seller.ExternalId, externalId, null)
            : null;
    }

    private ColumnPlan PlanFor(Category category)
    {
        if (!_plans.TryGetValue(category.Id, out var plan))
        {
            _plans[category.Id] = plan = new ColumnPlan(category, _mapping);
        }

        return plan;
    }

    private Category? FindCategory(string slug) =>
        _categories.FirstOrDefault(c => string.Equals(c.Slug, slug.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? _categories.FirstOrDefault(c => string.Equals(c.Name, slug.Trim(), StringComparison.OrdinalIgnoreCase));

    private Money? ReadPrice(ReadOnlySpan<string?> values, ColumnPlan plan, Dictionary<string, string[]> errors)
    {
        var slot = plan.Field(FeedSynonyms.Price);
        if (slot is null || Value(values, slot) is not { } raw)
        {
            return null;
        }

        var currencyText = Text(values, plan, FeedSynonyms.Currency)?.Trim().ToUpperInvariant();
        if (!FeedValues.TryParseMoney(raw, out var major, out var written))
        {
            errors["price"] = ["is not a price (examples: 18990, $18,990.00, 18.990,00 €, 18990 USD)"];
            return null;
        }

        var currency = currencyText ?? written ?? _defaultCurrency;
        if (!Currencies.IsKnown(currency))
        {
            errors["price.currency"] = [$"'{currency}' is not an ISO 4217 currency code"];
            return null;
        }

        if (!FeedValues.TryToMinor(major, currency, out var minor))
        {
            errors["price"] = [$"has more decimals than {currency} has ({FeedValues.MinorDigits(currency)})"];
            return null;
        }

        return new Money(minor, currency);
    }

    private static string? ReadStatus(ReadOnlySpan<string?> values, ColumnPlan plan, Dictionary<string, string[]> errors)
    {
        if (Text(values, plan, FeedSynonyms.Status) is not { } raw)
        {
            return null;
        }

        var status = FeedSynonyms.Normalise(raw) switch
        {
            "active" or "instock" or "available" or "forsale" or "live" or "published" or "yes" or "1" => ListingStatus.Active,
            "unavailable" or "outofstock" or "sold" or "soldout" or "pending" or "onhold" or "no" or "0" => ListingStatus.Unavailable,
            "draft" => ListingStatus.Draft,
            "archived" or "deleted" or "removed" or "inactive" => ListingStatus.Archived,
            _ => null,
        };
        if (status is null)
        {
            errors["status"] = ["must be active/in stock, unavailable/sold/out of stock, draft, or archived"];
        }

        return status;
    }

    private static JsonNode? Convert(ColumnPlan plan, AttributeDefinition attribute, string? assumedUnit, string raw, out string? error)
    {
        error = null;
        switch (attribute.Type)
        {
            case AttributeType.Keyword or AttributeType.Text:
                return attribute.AllowedValues is { Count: > 0 } ? plan.Canonical(attribute, raw) : raw;
            case AttributeType.Integer:
            case AttributeType.Decimal:
                if (!FeedValues.TryParseQuantity(raw, attribute.Unit, assumedUnit, attribute.Type == AttributeType.Integer, out var quantity, out error))
                {
                    return null;
                }

                return attribute.Type == AttributeType.Integer ? JsonValue.Create((long)Math.Round(quantity, MidpointRounding.AwayFromZero)) : JsonValue.Create(quantity);
            case AttributeType.Boolean:
                if (FeedValues.TryParseBoolean(raw, out var flag))
                {
                    return JsonValue.Create(flag);
                }

                error = "must be yes/no, true/false or 1/0";
                return null;
            case AttributeType.Date:
                if (FeedValues.TryParseDate(raw, out var date))
                {
                    return JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }

                error = "is not a date (use YYYY-MM-DD; DD.MM.YYYY and MM/DD/YYYY are read too)";
                return null;
            case AttributeType.KeywordList:
                var separator = raw.Contains('|', StringComparison.Ordinal) ? "|" : raw.Contains(" > ", StringComparison.Ordinal) ? " > " : raw.Contains(';', StringComparison.Ordinal) ? ";" : ",";
                return new JsonArray([.. raw.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => (JsonNode?)v)]);
            case AttributeType.Money:
                if (FeedValues.TryParseMoney(raw, out var major, out var currency) && currency is not null && FeedValues.TryToMinor(major, currency, out var minor))
                {
                    return new JsonObject { ["amount"] = minor, ["currency"] = currency };
                }

                error = "must be an amount with its currency, like 18990.00 USD";
                return null;
            case AttributeType.GeoPoint:
                var parts = raw.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && FeedValues.TryParseNumber(parts[0], false, out var lat) && FeedValues.TryParseNumber(parts[1], false, out var lng))
                {
                    return new JsonObject { ["lat"] = (double)lat, ["lng"] = (double)lng };
                }

                error = "must be 'latitude,longitude'";
                return null;
            default:
                try
                {
                    return JsonNode.Parse(raw);
                }
                catch (System.Text.Json.JsonException)
                {
                    error = "must be JSON";
                    return null;
                }
        }
    }

    private static string? ComposeTitle(JsonObject attributes)
    {
        if (attributes["make"] is null || attributes["model"] is null)
        {
            return null;
        }

        return string.Join(' ', new[] { attributes["year"], attributes["make"], attributes["model"], attributes["trim"] }.Where(n => n is not null).Select(n => n!.ToString()));
    }

    private static (string Field, string? Value) Describe(string key, ReadOnlySpan<string?> values, ColumnPlan plan)
    {
        var target = key.StartsWith("attributes.", StringComparison.Ordinal) ? key["attributes.".Length..]
            : key.StartsWith("price.", StringComparison.Ordinal) ? FeedSynonyms.Price
            : key == "externalId" ? FeedSynonyms.ExternalId
            : key;
        var slot = plan.Slots.FirstOrDefault(s => s is not null && s.Target == target);
        return slot is null ? (target, null) : (slot.Name, Value(values, slot) is { } v ? Cut(v, 200) : null);
    }

    private static string? Text(ReadOnlySpan<string?> values, ColumnPlan plan, string field) =>
        plan.Field(field) is { } slot ? Value(values, slot) : null;

    private static string? Value(ReadOnlySpan<string?> values, ColumnPlan.Slot slot) =>
        slot.Column < values.Length && values[slot.Column] is { } v && !string.IsNullOrWhiteSpace(v) ? v : null;

    internal static string Cut(string value, int max) => value.Length <= max ? value : string.Concat(value.AsSpan(0, max - 1), "…");
}
