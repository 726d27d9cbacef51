namespace Mercato.Server.Feeds;

/// <summary>
/// Column names feeds use for the same thing: inventory systems, DMS exports, Google's vehicle listings feed and our own
/// generator. Names are compared after <see cref="Normalise"/> (lower case, letters and digits only), so "Model Year",
/// "model_year" and "ModelYear" are one name. A few names also say the unit their numbers are in ("odometer_km").
/// </summary>
internal static class FeedSynonyms
{
    public const string ExternalId = "external_id";
    public const string Seller = "seller";
    public const string SellerName = "seller_name";
    public const string SellerPostalCode = "seller_postal_code";
    public const string SellerAddress = "seller_address";
    public const string Title = "title";
    public const string Description = "description";
    public const string Price = "price";
    public const string Currency = "currency";
    public const string Status = "status";
    public const string Category = "category";
    public const string Latitude = "latitude";
    public const string Longitude = "longitude";

    /// <summary>Fields of every listing (not attributes); the rest of the targets are attribute names of the category.</summary>
    public static readonly IReadOnlyList<string> ListingFields =
        [ExternalId, Seller, SellerName, SellerPostalCode, SellerAddress, Title, Description, Price, Currency, Status, Category, Latitude, Longitude];

    public sealed record Target(string Name, string? Unit = null);

    private static readonly Dictionary<string, Target> Names = Build(
        (ExternalId, ["externalid", "id", "stockno", "stocknumber", "stock#", "stockid", "listingid", "itemid", "productid", "offerid", "uniqid", "vehicleid", "inventoryid"]),
        (Seller, ["dealerid", "dealer", "dealercode", "sellerid", "seller", "storecode", "storeid", "vendorid", "supplierid", "rooftopid", "accountid", "sellerexternalid"]),
        (SellerName, ["dealername", "dealershipname", "sellername", "storename", "vendorname", "suppliername"]),
        (SellerPostalCode, ["zip", "zipcode", "postalcode", "postcode", "dealerzip", "dealerpostalcode"]),
        (SellerAddress, ["dealershipaddress", "dealeraddress", "address", "storeaddress"]),
        (Title, ["title", "name", "productname", "listingtitle", "headline", "vehicletitle"]),
        (Description, ["description", "desc", "comments", "remarks", "sellernotes", "longdescription", "vehicledescription"]),
        (Price, ["price", "pricecurrent", "currentprice", "listprice", "saleprice", "sellingprice", "internetprice", "askingprice", "ourprice", "retailprice", "priceamount"]),
        (Currency, ["currency", "currencycode", "pricecurrency"]),
        (Status, ["status", "availability", "stockstatus", "listingstatus"]),
        (Category, ["category", "categoryslug", "listingcategory"]),
        (Latitude, ["latitude", "lat"]),
        (Longitude, ["longitude", "lng", "lon", "long"]),
        ("vin", ["vin", "vinnumber", "vehicleidentificationnumber"]),
        ("year", ["year", "modelyear", "yr", "vehicleyear"]),
        ("make", ["make", "brand", "manufacturer", "mfr"]),
        ("model", ["model", "modelname"]),
        ("trim", ["trim", "trimlevel", "series", "variant"]),
        ("body", ["body", "bodystyle", "bodytype"]),
        ("fuel", ["fuel", "fueltype"]),
        ("transmission", ["transmission", "trans", "gearbox", "transmissiontype"]),
        ("drivetrain", ["drivetrain", "drivetype", "drive", "driveline", "drivetraintype"]),
        ("exterior_color", ["exteriorcolor", "exteriorcolour", "color", "colour", "extcolor"]),
        ("condition", ["condition", "newused", "vehiclecondition", "itemcondition"]),
        ("mileage", ["mileage", "odometer", "miles", "odometermiles", "mileagemiles"]),
        ("sku", ["sku", "itemsku", "partnumber", "mpn"]),
        ("category_path", ["categorypath", "categorytree", "producttype", "breadcrumb"]),
        ("moq", ["moq", "minimumorderquantity", "minorderqty", "minorder", "minimumorder"]),
        ("case_pack", ["casepack", "packsize", "unitspercase", "casequantity", "caseqty"]),
        ("stock", ["stock", "quantity", "qty", "inventory", "onhand", "numberavailableinstock", "stockquantity"]),
        ("rating", ["rating", "averagerating", "stars"]));

    private static readonly Dictionary<string, Target> WithUnits = new(StringComparer.Ordinal)
    {
        ["km"] = new("mileage", "km"),
        ["kms"] = new("mileage", "km"),
        ["kilometers"] = new("mileage", "km"),
        ["kilometres"] = new("mileage", "km"),
        ["odometerkm"] = new("mileage", "km"),
        ["mileagekm"] = new("mileage", "km"),
        ["kilometerstand"] = new("mileage", "km"),
    };

    // Google's vehicle listings spec uses "brand" for the make; the wholesale schema has its own "brand" attribute,
    // which wins because an attribute's exact name is tried before any synonym.
    public static Target? Find(string column)
    {
        var key = Normalise(column);
        return WithUnits.GetValueOrDefault(key) ?? Names.GetValueOrDefault(key);
    }

    public static string Normalise(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 128)];
        var n = 0;
        foreach (var c in name)
        {
            if (n < buffer.Length && (char.IsLetterOrDigit(c) || c == '#'))
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..n]);
    }

    private static Dictionary<string, Target> Build(params (string Target, string[] Names)[] groups)
    {
        var map = new Dictionary<string, Target>(StringComparer.Ordinal);
        foreach (var (target, names) in groups)
        {
            foreach (var name in names)
            {
                map[name] = new Target(target);
            }
        }

        return map;
    }
}
