using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mercato.Bench.Checkout;

/// <summary>What one phase measured: every call, the orders created and the wall-clock time.</summary>
internal sealed class PhaseResult
{
    public ConcurrentBag<CallSample> Calls { get; } = [];

    public long Checkouts;

    public long Orders;

    public double WallSeconds { get; set; }

    public IEnumerable<CallSample> Of(string step) => Calls.Where(c => c.Step == step);
}

internal static class CheckoutPhases
{
    /// <summary>
    /// Throughput: every buyer loops (add <paramref name="lines"/> random listings of the catalog, check out) until
    /// <paramref name="checkouts"/> checkouts have been started between them.
    /// </summary>
    public static async Task<PhaseResult> ThroughputAsync(CheckoutBuyers buyers, CheckoutCatalog catalog, int checkouts, int lines, int seed)
    {
        var result = new PhaseResult();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, buyers.Count).Select(buyer => Task.Run(async () =>
        {
            int ticket;
            while ((ticket = Interlocked.Increment(ref next)) < checkouts)
            {
                var random = new Random(HashCode.Combine(seed, ticket));
                var added = true;
                foreach (var listing in Enumerable.Range(0, lines).Select(_ => catalog.Listings[random.Next(catalog.Listings.Count)]).Distinct())
                {
                    var add = await buyers.AddAsync(buyer, listing);
                    result.Calls.Add(add);
                    added &= add.Status == 200;
                }

                if (!added)
                {
                    continue;
                }

                var (sample, orders) = await buyers.CheckoutAsync(buyer);
                result.Calls.Add(sample);
                if (sample.Status == 201)
                {
                    Interlocked.Increment(ref result.Checkouts);
                    Interlocked.Add(ref result.Orders, orders);
                }
            }
        })));
        result.WallSeconds = clock.Elapsed.TotalSeconds;
        return result;
    }

    /// <summary>
    /// Contention: every buyer puts one unit of a scarce item in its cart (buyer b starts at item b mod I), then all
    /// check out at once; a buyer refused for stock (409) takes the item out and tries the next one, until it has bought
    /// one unit or every item refused it. With more buyers than units, exactly the stock must be sold.
    /// </summary>
    public static async Task<PhaseResult> ContentionAsync(CheckoutBuyers buyers, CheckoutCatalog catalog)
    {
        var result = new PhaseResult();
        var items = catalog.ScarceItems;
        using var ready = new CountdownEvent(buyers.Count);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Stopwatch();
        var tasks = Enumerable.Range(0, buyers.Count).Select(buyer => Task.Run(async () =>
        {
            var first = true;
            for (var tried = 0; tried < items.Count; tried++)
            {
                var item = items[(buyer + tried) % items.Count];
                var add = await buyers.AddAsync(buyer, item);
                result.Calls.Add(add);
                if (first)
                {
                    first = false;
                    ready.Signal();
                    await start.Task;
                }

                if (add.Status != 200)
                {
                    continue;
                }

                var (sample, orders) = await buyers.CheckoutAsync(buyer);
                result.Calls.Add(sample);
                if (sample.Status == 201)
                {
                    Interlocked.Increment(ref result.Checkouts);
                    Interlocked.Add(ref result.Orders, orders);
                    return;
                }

                result.Calls.Add(await buyers.RemoveAsync(buyer, item));
            }
        })).ToList();
        await Task.Run(ready.Wait);
        clock.Start();
        start.SetResult();
        await Task.WhenAll(tasks);
        result.WallSeconds = clock.Elapsed.TotalSeconds;
        return result;
    }
}
