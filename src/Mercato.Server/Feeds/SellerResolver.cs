using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Mercato.Server.ReferenceData;
using Mercato.Server.Sellers;

namespace Mercato.Server.Feeds;

/// <summary>
/// Finds the seller of each row. With a fixed seller every row belongs to it; otherwise rows name their dealer and
/// unknown dealers become new sellers (created by the writer in the batch that first needs them, id 0 until then).
/// Holds one entry per seller, never per row.
/// </summary>
internal sealed partial class SellerResolver
{
    private readonly ConcurrentDictionary<string, Seller> _sellers = new(StringComparer.Ordinal);
    private readonly PostalCodes _postalCodes;

    public SellerResolver(IEnumerable<Seller> existing, Seller? fixedSeller, PostalCodes postalCodes)
    {
        _postalCodes = postalCodes;
        foreach (var seller in existing)
        {
            _sellers[seller.ExternalId] = seller;
        }

        Fixed = fixedSeller;
    }

    public Seller? Fixed { get; }

    public Seller? Find(string externalId) => _sellers.GetValueOrDefault(externalId);

    public void Created(Seller seller) => _sellers[seller.ExternalId] = seller;

    public Seller? Resolve(string? externalId, string? name, string? postalCode, string? address, out string? error)
    {
        error = null;
        externalId = externalId?.Trim();
        if (Fixed is not null)
        {
            if (externalId is { Length: > 0 } && externalId != Fixed.ExternalId)
            {
                error = $"belongs to dealer '{externalId}', not to seller '{Fixed.ExternalId}' this import is for";
                return null;
            }

            return Fixed;
        }

        if (string.IsNullOrEmpty(externalId))
        {
            error = "is required: the feed has no --seller, so every row must name its dealer";
            return null;
        }

        if (externalId.Length > 100)
        {
            error = "must be at most 100 characters";
            return null;
        }

        if (_sellers.TryGetValue(externalId, out var known))
        {
            return known;
        }

        postalCode = postalCode?.Trim();
        if (string.IsNullOrEmpty(postalCode) && address is not null && ZipInAddress().Match(address) is { Success: true } match)
        {
            postalCode = match.Groups[1].Value;
        }

        double? lat = null, lng = null;
        if (postalCode is not null && _postalCodes.TryGet(postalCode, out var la, out var lo))
        {
            (lat, lng) = (la, lo);
        }

        var trimmedName = string.IsNullOrWhiteSpace(name) ? externalId : name.Trim();
        var pending = new Seller(0, externalId, trimmedName.Length > 200 ? trimmedName[..200] : trimmedName, "dealer", "active",
            string.IsNullOrEmpty(postalCode) ? null : postalCode, "US", lat, lng);
        return _sellers.GetOrAdd(externalId, pending);
    }

    [GeneratedRegex(@"\b(\d{5})(?:-\d{4})?\b(?!.*\b\d{5}\b)")]
    private static partial Regex ZipInAddress();
}
