using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Catalog;

/// <summary>
/// Checks listing attributes against a category schema and returns them normalised (canonical spelling of allowed
/// values, upper-case VINs, trimmed strings). Every problem is reported, one entry per field, never just the first.
/// </summary>
internal static class AttributeValidator
{
    private const int DefaultKeywordLength = 200;
    private const int DefaultTextLength = 10_000;
    private const int MaxListItems = 100;
    private const int MaxTiers = 20;

    public static JsonObject Validate(Category category, JsonObject? input, Dictionary<string, string[]> errors)
    {
        var output = new JsonObject();
        input ??= [];
        foreach (var (name, value) in input)
        {
            var definition = category.Find(name);
            if (definition is null)
            {
                errors[$"attributes.{name}"] = [$"is not an attribute of category '{category.Slug}'"];
                continue;
            }

            if (value is null || value.GetValueKind() == JsonValueKind.Null)
            {
                continue;
            }

            var normalised = Normalise(definition, value, out var error);
            if (error is not null)
            {
                errors[$"attributes.{name}"] = [error];
            }
            else if (normalised is not null)
            {
                output[name] = normalised;
            }
        }

        ReportMissing(category, output, static (output, name) => output.ContainsKey(name), errors);
        return output;
    }

    /// <summary>"is required" for each required attribute that is neither <paramref name="present"/> nor already in error.</summary>
    internal static void ReportMissing<TState>(Category category, TState state, Func<TState, string, bool> present, Dictionary<string, string[]> errors)
    {
        foreach (var definition in category.Attributes)
        {
            if (definition.Required && !present(state, definition.Name) && !errors.ContainsKey($"attributes.{definition.Name}"))
            {
                errors[$"attributes.{definition.Name}"] = ["is required"];
            }
        }
    }

    /// <summary>One attribute value checked against its definition and normalised; null (and no error) when it is empty.</summary>
    internal static JsonNode? Normalise(AttributeDefinition definition, JsonNode value, out string? error)
    {
        error = null;
        var kind = value.GetValueKind();
        switch (definition.Type)
        {
            case AttributeType.Keyword:
            case AttributeType.Text:
                if (kind != JsonValueKind.String)
                {
                    error = "must be a string";
                    return null;
                }

                return NormaliseString(definition, value.GetValue<string>(), out error);

            case AttributeType.KeywordList:
                if (value is not JsonArray array)
                {
                    error = "must be an array of strings";
                    return null;
                }

                if (array.Count > MaxListItems)
                {
                    error = $"must have at most {MaxListItems} values";
                    return null;
                }

                var list = new JsonArray();
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var item in array)
                {
                    if (item is null || item.GetValueKind() != JsonValueKind.String)
                    {
                        error = "must be an array of strings";
                        return null;
                    }

                    var text = NormaliseString(definition, item.GetValue<string>(), out error);
                    if (error is not null)
                    {
                        return null;
                    }

                    if (text is not null && seen.Add(text))
                    {
                        list.Add(text);
                    }
                }

                return list.Count == 0 ? null : list;

            case AttributeType.Integer:
                if (kind != JsonValueKind.Number || !TryGetInt64(value, out var integer))
                {
                    error = "must be a whole number";
                    return null;
                }

                error = CheckRange(definition, integer);
                return error is null ? JsonValue.Create(integer) : null;

            case AttributeType.Decimal:
                if (kind != JsonValueKind.Number || !TryGetDouble(value, out var number) || !double.IsFinite(number))
                {
                    error = "must be a number";
                    return null;
                }

                error = CheckRange(definition, number);
                return error is null ? JsonValue.Create(number) : null;

            case AttributeType.Boolean:
                if (kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    error = "must be true or false";
                    return null;
                }

                return JsonValue.Create(kind == JsonValueKind.True);

            case AttributeType.Date:
                if (kind != JsonValueKind.String
                    || !DateOnly.TryParseExact(value.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    error = "must be a date as YYYY-MM-DD";
                    return null;
                }

                return JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

            case AttributeType.Money:
                return NormaliseMoney(value, out error);

            case AttributeType.GeoPoint:
                return NormaliseGeoPoint(value, out error);

            case AttributeType.PriceTiers:
                return NormaliseTiers(value, out error);

            default:
                error = "has a type this server does not know";
                return null;
        }
    }

    /// <summary>
    /// A keyword or text value (or an item of a keyword list): trimmed, within the length limit, in the schema's spelling
    /// of an allowed value, upper-case for VINs. Null (and no error) when it is blank.
    /// </summary>
    internal static string? NormaliseString(AttributeDefinition definition, string raw, out string? error)
    {
        error = null;
        var text = raw.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var maxLength = definition.MaxLength ?? (definition.Type == AttributeType.Text ? DefaultTextLength : DefaultKeywordLength);
        if (text.Length > maxLength)
        {
            error = $"must be at most {maxLength} characters";
            return null;
        }

        if (definition.AllowedValues is { Count: > 0 } allowed)
        {
            foreach (var candidate in allowed)
            {
                if (string.Equals(candidate, text, StringComparison.OrdinalIgnoreCase))
                {
                    return candidate;
                }
            }

            error = $"must be one of: {string.Join(", ", allowed)}";
            return null;
        }

        if (definition.Format == "vin")
        {
            text = text.ToUpperInvariant();
            if (!Vin.TryValidate(text, out var vinError))
            {
                error = $"is not a valid VIN: {vinError}";
                return null;
            }
        }

        return text;
    }

    /// <summary>The schema's minimum and maximum for a number: the reason it is out of range, or null.</summary>
    internal static string? CheckRange(AttributeDefinition definition, double value)
    {
        if (definition.Min is { } min && value < min)
        {
            return $"must be at least {min.ToString(CultureInfo.InvariantCulture)}";
        }

        if (definition.Max is { } max && value > max)
        {
            return $"must be at most {max.ToString(CultureInfo.InvariantCulture)}";
        }

        return null;
    }

    internal static JsonObject? NormaliseMoney(JsonNode value, out string? error)
    {
        error = "must be an object {\"amount\": minor units, \"currency\": ISO 4217 code}";
        if (value is not JsonObject money || money.Count != 2
            || money["amount"] is not JsonValue amountNode || amountNode.GetValueKind() != JsonValueKind.Number
            || money["currency"] is not JsonValue currencyNode || currencyNode.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        if (!TryGetInt64(amountNode, out var amount) || amount < 0)
        {
            error = "amount must be a whole, non-negative number of minor units";
            return null;
        }

        var currency = currencyNode.GetValue<string>();
        if (!Currencies.IsKnown(currency))
        {
            error = $"currency '{currency}' is not an ISO 4217 code";
            return null;
        }

        error = null;
        return new JsonObject { ["amount"] = amount, ["currency"] = currency };
    }

    private static JsonObject? NormaliseGeoPoint(JsonNode value, out string? error)
    {
        error = "must be an object {\"lat\": -90..90, \"lng\": -180..180}";
        if (value is not JsonObject point || point.Count != 2
            || point["lat"] is not JsonValue latNode || !TryGetDouble(latNode, out var lat)
            || point["lng"] is not JsonValue lngNode || !TryGetDouble(lngNode, out var lng)
            || !double.IsFinite(lat) || !double.IsFinite(lng) || lat is < -90 or > 90 || lng is < -180 or > 180)
        {
            return null;
        }

        error = null;
        return new JsonObject { ["lat"] = lat, ["lng"] = lng };
    }

    private static JsonArray? NormaliseTiers(JsonNode value, out string? error)
    {
        error = "must be an array of {\"minQuantity\": whole number ≥ 1, \"amount\": minor units ≥ 0} with increasing minQuantity";
        if (value is not JsonArray tiers || tiers.Count == 0 || tiers.Count > MaxTiers)
        {
            return null;
        }

        var output = new JsonArray();
        var previous = 0L;
        foreach (var tier in tiers)
        {
            if (tier is not JsonObject t || t.Count != 2
                || t["minQuantity"] is not JsonValue q || !TryGetInt64(q, out var minQuantity)
                || t["amount"] is not JsonValue a || !TryGetInt64(a, out var amount)
                || minQuantity <= previous || amount < 0)
            {
                return null;
            }

            previous = minQuantity;
            output.Add(new JsonObject { ["minQuantity"] = minQuantity, ["amount"] = amount });
        }

        error = null;
        return output;
    }

    /// <summary>A whole number from a JSON node, whether it was parsed from text or built from a CLR number.</summary>
    internal static bool TryGetInt64(JsonNode node, out long value)
    {
        value = 0;
        if (node is not JsonValue json || json.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (json.TryGetValue(out value))
        {
            return true;
        }

        if (json.TryGetValue(out int small))
        {
            value = small;
            return true;
        }

        if (TryGetDouble(json, out var number) && Math.Floor(number) == number && Math.Abs(number) < 9e15)
        {
            value = (long)number;
            return true;
        }

        return false;
    }

    internal static bool TryGetDouble(JsonNode node, out double value)
    {
        value = 0;
        if (node is not JsonValue json || json.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (json.TryGetValue(out value))
        {
            return true;
        }

        if (json.TryGetValue(out long whole))
        {
            value = whole;
            return true;
        }

        if (json.TryGetValue(out int small))
        {
            value = small;
            return true;
        }

        if (json.TryGetValue(out decimal exact))
        {
            value = (double)exact;
            return true;
        }

        return false;
    }
}
