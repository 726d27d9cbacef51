using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mercato.Bench.Search;

namespace Mercato.Bench.Checkout;

/// <summary>The checkout benchmark's figures as text (stdout) and as JSON (<c>--json</c>).</summary>
internal static class CheckoutReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Text(CheckoutBenchResult result)
    {
        var o = result.Options;
        var t = result.Throughput;
        var c = result.Contention;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"\ncheckout benchmark ({result.Backend}): {o.Buyers} buyers, {o.Listings:N0} products, {o.Items} scarce items × {o.Units} units, {Environment.ProcessorCount} cores, load average {result.LoadAverage}\n");
        text.Append(CultureInfo.InvariantCulture, $"throughput: {t.Checkouts:N0} checkouts, {t.Orders:N0} orders in {t.WallSeconds:F1} s = {OrdersPerSecond(t):F1} orders/s (after {result.Warmup.Checkouts:N0} warm-up checkouts)\n");
        text.Append(CultureInfo.InvariantCulture, $"{"ms",-22} {"p50",8} {"p95",8} {"p99",8} {"max",8} {"calls",8}\n");
        void Row(string name, IEnumerable<CallSample> calls)
        {
            var s = Summarize(calls);
            text.Append(CultureInfo.InvariantCulture, $"{name,-22} {s.P50,8:F1} {s.P95,8:F1} {s.P99,8:F1} {s.Max,8:F1} {s.Count,8}\n");
        }

        Row("checkout", t.Of(CheckoutBuyers.Checkout));
        Row("add to cart", t.Of(CheckoutBuyers.Add));
        Row("contention checkout", c.Of(CheckoutBuyers.Checkout));
        text.Append(CultureInfo.InvariantCulture, $"statuses (throughput): {Statuses(t)}\n");
        text.Append(CultureInfo.InvariantCulture, $"contention: {c.Checkouts} of {o.Buyers} buyers bought one of {o.Items * o.Units} units in {c.WallSeconds:F2} s; statuses {Statuses(c)}\n");
        text.Append(CultureInfo.InvariantCulture, $"oversold units: {result.OversoldUnits}; sold per item: {string.Join(", ", result.Sold.Values)}; stock rows wrong after payment: {result.StockMismatches}\n");
        text.Append(CultureInfo.InvariantCulture, $"ledger: {result.Paid} orders paid ({result.PaymentFailures.Count} refused), {result.LedgerEntries} entries, imbalance {result.LedgerImbalance}\n");
        return text.ToString();
    }

    public static string Json(CheckoutBenchResult result)
    {
        var o = result.Options;
        var t = result.Throughput;
        var checkout = Summarize(t.Of(CheckoutBuyers.Checkout));
        var add = Summarize(t.Of(CheckoutBuyers.Add));
        var contention = Summarize(result.Contention.Of(CheckoutBuyers.Checkout));
        var report = new Dictionary<string, object?>
        {
            ["benchmark"] = "checkout",
            ["backend"] = result.Backend,
            ["buyers"] = o.Buyers,
            ["items"] = o.Items,
            ["units_per_item"] = o.Units,
            ["listings"] = o.Listings,
            ["lines_per_cart"] = o.Lines,
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["cores"] = Environment.ProcessorCount,
            ["load_average"] = result.LoadAverage,
            ["setup_s"] = Round(result.SetupSeconds),
            ["checkouts"] = t.Checkouts,
            ["orders"] = t.Orders,
            ["wall_s"] = Round(t.WallSeconds),
            ["orders_per_s"] = Round(OrdersPerSecond(t)),
            ["p50_ms"] = Round(checkout.P50),
            ["p95_ms"] = Round(checkout.P95),
            ["p99_ms"] = Round(checkout.P99),
            ["max_ms"] = Round(checkout.Max),
            ["add_p50_ms"] = Round(add.P50),
            ["add_p99_ms"] = Round(add.P99),
            ["errors"] = Errors(t),
            ["statuses"] = StatusCounts(t),
            ["contention"] = new Dictionary<string, object?>
            {
                ["stock_units"] = o.Items * o.Units,
                ["bought"] = result.Contention.Checkouts,
                ["sold_units"] = result.Sold.Values.Sum(),
                ["wall_s"] = Round(result.Contention.WallSeconds),
                ["p50_ms"] = Round(contention.P50),
                ["p99_ms"] = Round(contention.P99),
                ["statuses"] = StatusCounts(result.Contention),
            },
            ["oversold_units"] = result.OversoldUnits,
            ["stock_mismatches"] = result.StockMismatches,
            ["orders_paid"] = result.Paid,
            ["payment_failures"] = result.PaymentFailures.Count,
            ["ledger_entries"] = result.LedgerEntries,
            ["ledger_imbalance"] = result.LedgerImbalance,
        };
        return JsonSerializer.Serialize(report, Indented);
    }

    public static double OrdersPerSecond(PhaseResult phase) => phase.WallSeconds > 0 ? phase.Orders / phase.WallSeconds : 0;

    /// <summary>Calls that did not succeed, by step and status ("checkout 500": 3); the contention phase's 409s are expected and not counted here.</summary>
    public static Dictionary<string, int> Errors(PhaseResult phase) =>
        phase.Calls.Where(c => c.Status is not (200 or 201))
            .GroupBy(c => $"{c.Step} {c.Status.ToString(CultureInfo.InvariantCulture)}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());

    private static Dictionary<string, int> StatusCounts(PhaseResult phase) =>
        phase.Calls.GroupBy(c => $"{c.Step} {c.Status.ToString(CultureInfo.InvariantCulture)}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());

    private static string Statuses(PhaseResult phase) => string.Join(", ", StatusCounts(phase).Select(p => $"{p.Key} × {p.Value}"));

    private static double Round(double value) => Math.Round(value, 2);

    private static LatencySummary Summarize(IEnumerable<CallSample> calls)
    {
        var latency = new Latency();
        foreach (var call in calls)
        {
            latency.Add("", call.Ms);
        }

        return latency.Summary();
    }
}
