namespace Mercato.Server.Feeds;

/// <summary>
/// Maps the spellings feeds use for enumerated attributes onto the schema's allowed values: first by comparing
/// letters and digits only ("Plug-in Hybrid" = plug_in_hybrid), then through a few well-known synonyms.
/// A value that matches nothing is passed through, so the validator names the allowed values.
/// </summary>
internal static class FeedEnums
{
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["gas"] = "gasoline",
        ["petrol"] = "gasoline",
        ["unleaded"] = "gasoline",
        ["ev"] = "electric",
        ["bev"] = "electric",
        ["phev"] = "plug_in_hybrid",
        ["hev"] = "hybrid",
        ["flex"] = "flex_fuel",
        ["e85"] = "flex_fuel",
        ["ffv"] = "flex_fuel",
        ["fcev"] = "hydrogen",
        ["auto"] = "automatic",
        ["at"] = "automatic",
        ["mt"] = "manual",
        ["stick"] = "manual",
        ["4x4"] = "4wd",
        ["fourwheeldrive"] = "4wd",
        ["allwheeldrive"] = "awd",
        ["frontwheeldrive"] = "fwd",
        ["rearwheeldrive"] = "rwd",
        ["4x2"] = "rwd",
        ["preowned"] = "used",
        ["cpo"] = "certified",
        ["certifiedpreowned"] = "certified",
        ["truck"] = "Pickup",
        ["pickuptruck"] = "Pickup",
        ["suv"] = "SUV",
        ["crossover"] = "SUV",
        ["estate"] = "Wagon",
        ["cabriolet"] = "Convertible",
        ["minivan"] = "Minivan",
        ["mpv"] = "Minivan",
    };

    public static string Canonical(string raw, IReadOnlyList<string> allowed)
    {
        var key = FeedSynonyms.Normalise(raw);
        foreach (var value in allowed)
        {
            if (FeedSynonyms.Normalise(value) == key)
            {
                return value;
            }
        }

        if (Synonyms.TryGetValue(key, out var synonym))
        {
            foreach (var value in allowed)
            {
                if (string.Equals(value, synonym, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }
        }

        return raw;
    }
}
