using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Http;

namespace Mercato.StripeEmulator;

/// <summary>
/// Everything the emulator knows, in memory. One lock guards it all: a request runs start to end under it, so the
/// state machines need no finer locking and tests see Stripe's per-object serialisation.
/// </summary>
internal sealed class EmulatorState(StripeEmulatorOptions options)
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly Dictionary<string, JsonObject> objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> owners = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Owner, string Currency), long> balances = [];
    private readonly List<JsonObject> events = [];
    private readonly List<JsonObject> unsent = [];

    public Lock Gate { get; } = new();

    public StripeEmulatorOptions Options { get; } = options;

    /// <summary>The emulator's own address, for the hosted pages it links to.</summary>
    public Uri BaseUri { get; set; } = new("http://127.0.0.1/");

    /// <summary>The request being served, named in the events it causes.</summary>
    public (string? Id, string? IdempotencyKey) CurrentRequest { get; set; }

    public Dictionary<string, JsonArray> LineItems { get; } = new(StringComparer.Ordinal);

    /// <summary>A Checkout Session's parameters, for the PaymentIntent it creates when the buyer pays.</summary>
    public Dictionary<string, FormParameters> CheckoutParameters { get; } = new(StringComparer.Ordinal);

    /// <summary>How each payment method's test card behaves; kept out of the objects Stripe would return.</summary>
    public Dictionary<string, Payments.TestCard> Cards { get; } = new(StringComparer.Ordinal);

    public List<WebhookEndpoint> Endpoints { get; } = [];

    public long Now() => Options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();

    public static string NewId(string prefix, int length = 24) =>
        prefix + RandomNumberGenerator.GetString(Alphabet, length);

    public JsonObject Add(JsonObject obj, string? owner = null)
    {
        var id = (string)obj["id"]!;
        objects[id] = obj;
        owners[id] = owner;
        return obj;
    }

    /// <summary>An object as the caller may see it: another account's objects do not exist for it.</summary>
    public JsonObject Get(string id, string kind, string? account, string param = "id")
    {
        if (objects.TryGetValue(id, out var obj) && owners[id] == account && (string?)obj["object"] == kind)
        {
            return obj;
        }

        throw StripeError.NoSuch(kind, id, param);
    }

    public JsonObject? Find(string id) => objects.GetValueOrDefault(id);

    public string? OwnerOf(string id) => owners.GetValueOrDefault(id);

    public IEnumerable<JsonObject> All(string kind, string? account) =>
        objects.Values.Where(o => (string?)o["object"] == kind && owners[(string)o["id"]!] == account);

    public long Balance(string? account, string currency) => balances.GetValueOrDefault((account ?? "", currency));

    public IEnumerable<(string Currency, long Amount)> Balances(string? account) =>
        balances.Where(b => b.Key.Owner == (account ?? "")).Select(b => (b.Key.Currency, b.Value));

    /// <summary>Moves money in an account's balance and records it as a balance transaction.</summary>
    public string Post(string? account, string currency, long amount, long fee, string type, string source)
    {
        balances[(account ?? "", currency)] = Balance(account, currency) + amount - fee;
        var created = Now();
        var transaction = new JsonObject
        {
            ["id"] = NewId("txn_"),
            ["object"] = "balance_transaction",
            ["amount"] = amount,
            ["available_on"] = created,
            ["created"] = created,
            ["currency"] = currency,
            ["description"] = null,
            ["fee"] = fee,
            ["fee_details"] = fee == 0
                ? new JsonArray()
                : new JsonArray(new JsonObject { ["amount"] = fee, ["currency"] = currency, ["description"] = "Stripe processing fees", ["type"] = "stripe_fee" }),
            ["net"] = amount - fee,
            ["reporting_category"] = type,
            ["source"] = source,
            ["status"] = "available",
            ["type"] = type,
        };
        return (string)Add(transaction, account)["id"]!;
    }

    public JsonObject Emit(string type, JsonObject subject, string? account = null, JsonObject? previous = null)
    {
        var data = new JsonObject { ["object"] = subject.DeepClone() };
        if (previous is not null)
        {
            data["previous_attributes"] = previous;
        }

        var evt = new JsonObject
        {
            ["id"] = NewId("evt_"),
            ["object"] = "event",
            ["api_version"] = Options.ApiVersion,
            ["created"] = Now(),
            ["data"] = data,
            ["livemode"] = false,
            ["pending_webhooks"] = Endpoints.Count(e => e.Accepts(type)),
            ["request"] = new JsonObject { ["id"] = CurrentRequest.Id, ["idempotency_key"] = CurrentRequest.IdempotencyKey },
            ["type"] = type,
        };
        if (account is not null)
        {
            evt["account"] = account;
        }

        events.Add(evt);
        unsent.Add(evt);
        Add(evt);
        return evt;
    }

    public IReadOnlyList<JsonObject> Events => events;

    /// <summary>
    /// Events emitted since the last call and the endpoints they go to, for the webhook dispatcher once the lock is
    /// released.
    /// </summary>
    public (List<JsonObject> Events, WebhookEndpoint[] Endpoints) TakeUnsent()
    {
        var taken = unsent.ToList();
        unsent.Clear();
        return (taken, Endpoints.ToArray());
    }

    /// <summary>Top-level fields of <paramref name="before"/> that differ in <paramref name="after"/>.</summary>
    public static JsonObject Changes(JsonObject before, JsonObject after)
    {
        var previous = new JsonObject();
        foreach (var (key, value) in before)
        {
            if (!JsonNode.DeepEquals(value, after[key]))
            {
                previous[key] = value?.DeepClone();
            }
        }

        return previous;
    }
}
