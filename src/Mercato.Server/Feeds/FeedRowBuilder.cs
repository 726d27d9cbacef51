using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mercato.Server.Catalog;
using Mercato.Server.Infrastructure;
using Mercato.Server.Sellers;

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
    long CategoryId, string Status, string Title, string? Description, long? PriceAmount, string? PriceCurrency, string AttributesJson, double? Latitude, double? Longitude);

/// <summary>
/// Turns a feed row into listing content: picks the category's column plan, normalises each value by the type the
/// schema declares (money, quantities with units, booleans, dates, lists, enum spellings), then validates with the
/// same rules as the API (<see cref="ListingRules"/>, <see cref="AttributeValidator"/>). Every bad field of a row is
/// reported. The attributes go from the converted values straight to JSON text, without a JSON tree per row: the API's
/// path (a tree in, a normalised tree out, then serialised) was most of the importer's per-row allocation. One builder
/// serves one reading thread.
/// </summary>
internal sealed class FeedRowBuilder : IDisposable
{
    private readonly IReadOnlyList<Category> _categories;
    private readonly FeedMapping _mapping;
    private readonly SellerResolver _sellers;
    private readonly string _defaultCurrency;
    private readonly Dictionary<long, ColumnPlan> _plans = [];
    private readonly HashSet<string> _reportedUnmapped = new(StringComparer.Ordinal);
    private readonly List<Converted> _attributes = [];
    private readonly List<string> _written = [];
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private readonly Utf8JsonWriter _writer;
    private ColumnPlan? _default;

    public FeedRowBuilder(IReadOnlyList<Category> categories, FeedMapping mapping, SellerResolver sellers, string defaultCurrency)
    {
        _categories = categories;
        _mapping = mapping;
        _sellers = sellers;
        _defaultCurrency = mapping.Currency ?? defaultCurrency;
        _writer = new Utf8JsonWriter(_json);
    }

    /// <summary>
    /// One attribute value of the current row as the feed's text converted into the schema's type: text (keywords, text,
    /// dates), a whole or decimal number, a flag, or a JSON value for the structured types. The schema's rules (lengths,
    /// ranges, allowed values) are applied when the row's attributes are written (<see cref="WriteAttributes"/>).
    /// </summary>
    private readonly record struct Converted(AttributeDefinition Definition, string? Text = null, long Integer = 0, double Number = 0, bool Flag = false, JsonNode? Node = null)
    {
        /// <summary>The value as a title shows it.</summary>
        public string Display => Text ?? Node?.ToString() ?? Definition.Type switch
        {
            AttributeType.Integer => Integer.ToString(CultureInfo.InvariantCulture),
            AttributeType.Decimal => Number.ToString(CultureInfo.InvariantCulture),
            _ => Flag ? "true" : "false",
        };
    }

    public Category? DefaultCategory => _default?.Category;

    public void Dispose() => _writer.Dispose();

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

        _attributes.Clear();
        foreach (var slot in plan.Slots)
        {
            if (slot?.Attribute is { } attribute && Value(values, slot) is { } raw)
            {
                var converted = Convert(plan, attribute, slot.Unit, raw, out var error);
                if (error is not null)
                {
                    errors[$"attributes.{attribute.Name}"] = [error];
                }
                else if (converted is { } value)
                {
                    _attributes.Add(value);
                }
            }
        }

        if (Text(values, plan, FeedSynonyms.Latitude) is { } latText && Text(values, plan, FeedSynonyms.Longitude) is { } lngText
            && plan.Category.Find("location") is { } location)
        {
            if (FeedValues.TryParseNumber(latText, false, out var lat) && FeedValues.TryParseNumber(lngText, false, out var lng))
            {
                // The latitude and longitude columns win over a location column (and take its place).
                var point = new Converted(location, Node: new JsonObject { ["lat"] = (double)lat, ["lng"] = (double)lng });
                var at = _attributes.FindIndex(a => a.Definition == location);
                if (at >= 0)
                {
                    _attributes[at] = point;
                }
                else
                {
                    _attributes.Add(point);
                }
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
            externalId = Attribute("vin")?.Display.Trim().ToUpperInvariant() ?? Attribute("sku")?.Display.Trim();
        }

        if (string.IsNullOrEmpty(externalId))
        {
            errors["externalId"] = ["is required: the row has no id (and no VIN or SKU to fall back on)"];
        }

        if (seller is not null && !errors.ContainsKey("externalId"))
        {
            var title = Text(values, plan, FeedSynonyms.Title) ?? ComposeTitle();
            var fields = ListingRules.ValidateFields(externalId, status, title, Text(values, plan, FeedSynonyms.Description), price, errors);
            if (WriteAttributes(plan.Category, seller, errors, out var latitude, out var longitude) is { } json)
            {
                return new StagedRow(line, seller.ExternalId, fields.ExternalId,
                    new StagedContent(plan.Category.Id, fields.Status, fields.Title!, fields.Description, price?.Amount, price?.Currency, json, latitude, longitude));
            }
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

    /// <summary>
    /// The row's attributes checked against the schema and written as JSON text, in column order (then the seller's
    /// location when the row has none), with the listing's coordinates; null when the row has errors, these included.
    /// </summary>
    private string? WriteAttributes(Category category, Seller seller, Dictionary<string, string[]> errors, out double? latitude, out double? longitude)
    {
        latitude = longitude = null;
        _written.Clear();
        _json.ResetWrittenCount();
        _writer.Reset();
        _writer.WriteStartObject();
        foreach (var value in _attributes)
        {
            var definition = value.Definition;
            string? error = null;
            switch (definition.Type)
            {
                case AttributeType.Keyword or AttributeType.Text:
                    if (AttributeValidator.NormaliseString(definition, value.Text!, out error) is { } text)
                    {
                        _writer.WriteString(definition.Name, text);
                        _written.Add(definition.Name);
                    }

                    break;
                case AttributeType.Integer:
                    if ((error = AttributeValidator.CheckRange(definition, value.Integer)) is null)
                    {
                        _writer.WriteNumber(definition.Name, value.Integer);
                        _written.Add(definition.Name);
                    }

                    break;
                case AttributeType.Decimal:
                    if ((error = double.IsFinite(value.Number) ? AttributeValidator.CheckRange(definition, value.Number) : "must be a number") is null)
                    {
                        _writer.WriteNumber(definition.Name, value.Number);
                        _written.Add(definition.Name);
                    }

                    break;
                case AttributeType.Boolean:
                    _writer.WriteBoolean(definition.Name, value.Flag);
                    _written.Add(definition.Name);
                    break;
                case AttributeType.Date:
                    _writer.WriteString(definition.Name, value.Text);
                    _written.Add(definition.Name);
                    break;
                default:
                    if (AttributeValidator.Normalise(definition, value.Node!, out error) is { } node)
                    {
                        _writer.WritePropertyName(definition.Name);
                        node.WriteTo(_writer);
                        _written.Add(definition.Name);
                        if (definition.Name == "location")
                        {
                            (latitude, longitude) = ((double?)node["lat"], (double?)node["lng"]);
                        }
                    }

                    break;
            }

            if (error is not null)
            {
                errors[$"attributes.{definition.Name}"] = [error];
            }
        }

        // The listing's own coordinates are its "location" attribute (another geo point, say a pickup point, is not).
        if (!_written.Contains("location") && !errors.ContainsKey("attributes.location") && ListingRules.DefaultLocation(category, seller) is { } at)
        {
            _writer.WriteStartObject("location");
            _writer.WriteNumber("lat", at.Latitude);
            _writer.WriteNumber("lng", at.Longitude);
            _writer.WriteEndObject();
            _written.Add("location");
            (latitude, longitude) = (at.Latitude, at.Longitude);
        }

        AttributeValidator.ReportMissing(category, _written, static (written, name) => written.Contains(name), errors);
        if (errors.Count > 0)
        {
            return null;
        }

        _writer.WriteEndObject();
        _writer.Flush();
        return Encoding.UTF8.GetString(_json.WrittenSpan);
    }

    private Converted? Attribute(string name)
    {
        foreach (var value in _attributes)
        {
            if (value.Definition.Name == name)
            {
                return value;
            }
        }

        return null;
    }

    private static Converted? Convert(ColumnPlan plan, AttributeDefinition attribute, string? assumedUnit, string raw, out string? error)
    {
        error = null;
        switch (attribute.Type)
        {
            case AttributeType.Keyword or AttributeType.Text:
                return new Converted(attribute, Text: attribute.AllowedValues is { Count: > 0 } ? plan.Canonical(attribute, raw) : raw);
            case AttributeType.Integer:
            case AttributeType.Decimal:
                if (!FeedValues.TryParseQuantity(raw, attribute.Unit, assumedUnit, attribute.Type == AttributeType.Integer, out var quantity, out error))
                {
                    return null;
                }

                return attribute.Type == AttributeType.Integer
                    ? new Converted(attribute, Integer: (long)Math.Round(quantity, MidpointRounding.AwayFromZero))
                    : new Converted(attribute, Number: quantity);
            case AttributeType.Boolean:
                if (FeedValues.TryParseBoolean(raw, out var flag))
                {
                    return new Converted(attribute, Flag: flag);
                }

                error = "must be yes/no, true/false or 1/0";
                return null;
            case AttributeType.Date:
                if (FeedValues.TryParseDate(raw, out var date))
                {
                    return new Converted(attribute, Text: date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }

                error = "is not a date (use YYYY-MM-DD; DD.MM.YYYY and MM/DD/YYYY are read too)";
                return null;
            case AttributeType.KeywordList:
                var separator = raw.Contains('|', StringComparison.Ordinal) ? "|" : raw.Contains(" > ", StringComparison.Ordinal) ? " > " : raw.Contains(';', StringComparison.Ordinal) ? ";" : ",";
                return new Converted(attribute, Node: new JsonArray([.. raw.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => (JsonNode?)v)]));
            case AttributeType.Money:
                if (FeedValues.TryParseMoney(raw, out var major, out var currency) && currency is not null && FeedValues.TryToMinor(major, currency, out var minor))
                {
                    return new Converted(attribute, Node: new JsonObject { ["amount"] = minor, ["currency"] = currency });
                }

                error = "must be an amount with its currency, like 18990.00 USD";
                return null;
            case AttributeType.GeoPoint:
                var parts = raw.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && FeedValues.TryParseNumber(parts[0], false, out var lat) && FeedValues.TryParseNumber(parts[1], false, out var lng))
                {
                    return new Converted(attribute, Node: new JsonObject { ["lat"] = (double)lat, ["lng"] = (double)lng });
                }

                error = "must be 'latitude,longitude'";
                return null;
            default:
                try
                {
                    return JsonNode.Parse(raw) is { } node ? new Converted(attribute, Node: node) : null;
                }
                catch (JsonException)
                {
                    error = "must be JSON";
                    return null;
                }
        }
    }

    private string? ComposeTitle()
    {
        if (Attribute("make") is not { } make || Attribute("model") is not { } model)
        {
            return null;
        }

        return string.Join(' ', new[] { Attribute("year"), make, model, Attribute("trim") }.Where(v => v is not null).Select(v => v!.Value.Display));
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
