namespace Mercato.Server.Orders;

/// <summary>Who fires a transition. Timers are durable jobs; the system is Mercato acting on its own (e.g. a payment webhook).</summary>
internal enum Actor
{
    Buyer,
    Seller,
    Operator,
    System,
    Timer,
}

/// <summary>What a transition does besides changing the state; applied in the transition's transaction.</summary>
[Flags]
internal enum Effects
{
    None = 0,
    RecordPayment = 1,
    RecordRefund = 2,
    CommitStock = 4,
    ReleaseStock = 8,
    RequiresTracking = 16,

    /// <summary>Refunds whatever was paid and not yet refunded (a seller rejecting a paid order).</summary>
    RefundRest = 32,

    /// <summary>Captures the authorization the payment holds, if it holds one (a vehicle deposit through Stripe).</summary>
    CaptureHold = 64,

    /// <summary>Voids the authorization the payment holds, if it holds one: the buyer gets the deposit back.</summary>
    VoidHold = 128,
}

/// <summary>A transition: fired by one of <see cref="By"/> from one of <see cref="From"/>; <see cref="To"/> null keeps the state.</summary>
internal sealed record ProcessTransition(string Name, IReadOnlyList<string> From, string? To, IReadOnlyList<Actor> By, Effects Effects = Effects.None);

/// <summary>On entering <see cref="State"/>, a timer job fires <see cref="Transition"/> after the delay named <see cref="Delay"/> unless the order has moved on.</summary>
internal sealed record ProcessTimer(string State, string Transition, string Delay);

/// <summary>
/// An order process is data, after Sharetribe's transaction processes: states, the transitions between them, who may
/// fire each, and timers. The engine (<see cref="OrderTransitions"/>) interprets it; nothing else knows a state name.
/// </summary>
internal sealed record OrderProcess(string Name, string Initial, IReadOnlyList<string> States, IReadOnlyList<ProcessTransition> Transitions, IReadOnlyList<ProcessTimer> Timers)
{
    public const string Pay = "pay";
    public const string Refund = "refund";
    public const string PartialRefund = "partial_refund";

    /// <summary>Delay names: the stock hold of checkout, and the reservation of a vehicle once its deposit is paid.</summary>
    public const string CheckoutHold = "checkout_hold";
    public const string VehicleHold = "vehicle_hold";

    public ProcessTransition? Find(string transition) => Transitions.FirstOrDefault(t => t.Name == transition);

    public IEnumerable<ProcessTransition> From(string state) => Transitions.Where(t => t.From.Contains(state));
}

internal static class OrderProcesses
{
    private static readonly Actor[] SellerOrOperator = [Actor.Seller, Actor.Operator];
    private static readonly Actor[] PaymentConfirmers = [Actor.Seller, Actor.Operator, Actor.System];
    private static readonly Actor[] Cancellers = [Actor.Buyer, Actor.Seller, Actor.Operator, Actor.System];

    // The system refunds when the payment provider reports a refund made outside Mercato (Stripe's dashboard).
    private static readonly Actor[] Refunders = [Actor.Seller, Actor.Operator, Actor.System];

    public static OrderProcess Digital { get; } = new(
        "digital",
        "pending_payment",
        ["pending_payment", "paid", "delivered", "partially_refunded", "refunded", "cancelled"],
        [
            new(OrderProcess.Pay, ["pending_payment"], "paid", PaymentConfirmers, Effects.RecordPayment | Effects.CommitStock),
            new("deliver", ["paid"], "delivered", PaymentConfirmers),
            new("cancel", ["pending_payment"], "cancelled", Cancellers, Effects.ReleaseStock),
            new("expire", ["pending_payment"], "cancelled", [Actor.Timer], Effects.ReleaseStock),
            new(OrderProcess.PartialRefund, ["paid", "delivered", "partially_refunded"], "partially_refunded", Refunders, Effects.RecordRefund),
            new(OrderProcess.Refund, ["paid", "delivered", "partially_refunded"], "refunded", Refunders, Effects.RecordRefund),
        ],
        [new("pending_payment", "expire", OrderProcess.CheckoutHold)]);

    private static readonly string[] Fulfilling = ["paid", "accepted", "shipped", "delivered", "completed"];

    public static OrderProcess Physical { get; } = new(
        "physical",
        "pending_payment",
        ["pending_payment", "paid", "accepted", "shipped", "delivered", "completed", "rejected", "cancelled", "refunded"],
        [
            new(OrderProcess.Pay, ["pending_payment"], "paid", PaymentConfirmers, Effects.RecordPayment | Effects.CommitStock),
            new("accept", ["paid"], "accepted", SellerOrOperator),
            new("reject", ["paid"], "rejected", SellerOrOperator, Effects.RefundRest),
            new("ship", ["accepted"], "shipped", SellerOrOperator, Effects.RequiresTracking),
            new("deliver", ["shipped"], "delivered", [Actor.Buyer, Actor.Seller, Actor.Operator]),
            new("complete", ["delivered"], "completed", [Actor.Buyer, Actor.Operator]),
            new("cancel", ["pending_payment"], "cancelled", Cancellers, Effects.ReleaseStock),
            new("expire", ["pending_payment"], "cancelled", [Actor.Timer], Effects.ReleaseStock),
            // A partial refund (a damaged item, a late parcel) leaves the fulfilment where it is.
            new(OrderProcess.PartialRefund, Fulfilling, null, Refunders, Effects.RecordRefund),
            new(OrderProcess.Refund, Fulfilling, "refunded", Refunders, Effects.RecordRefund),
        ],
        [new("pending_payment", "expire", OrderProcess.CheckoutHold)]);

    /// <summary>
    /// A deposit reserves a vehicle: the stock hold of checkout stays held while reserved (the listing shows reserved),
    /// is committed when the sale completes and released when the reservation expires or is refunded.
    /// </summary>
    public static OrderProcess VehicleDeposit { get; } = new(
        "vehicle_deposit",
        "deposit_pending",
        ["deposit_pending", "reserved", "completed", "released", "refunded", "cancelled"],
        [
            new(OrderProcess.Pay, ["deposit_pending"], "reserved", PaymentConfirmers, Effects.RecordPayment),
            new("complete", ["reserved"], "completed", SellerOrOperator, Effects.CommitStock | Effects.CaptureHold),
            new("release", ["reserved"], "released", [Actor.Seller, Actor.Operator, Actor.Timer], Effects.ReleaseStock | Effects.VoidHold),
            new("cancel", ["deposit_pending"], "cancelled", Cancellers, Effects.ReleaseStock),
            new("expire", ["deposit_pending"], "cancelled", [Actor.Timer], Effects.ReleaseStock),
            new(OrderProcess.Refund, ["reserved", "released"], "refunded", Refunders, Effects.RecordRefund | Effects.ReleaseStock),
        ],
        [new("deposit_pending", "expire", OrderProcess.CheckoutHold), new("reserved", "release", OrderProcess.VehicleHold)]);

    public static IReadOnlyList<OrderProcess> All { get; } = [Digital, Physical, VehicleDeposit];

    public static OrderProcess Get(string name) => All.First(p => p.Name == name);

    /// <summary>The process of an order of listings of this vertical (one seller's order never mixes processes; see checkout).</summary>
    public static OrderProcess ForVertical(string vertical) => vertical switch
    {
        Catalog.VerticalTemplates.Vehicles => VehicleDeposit,
        Catalog.VerticalTemplates.Agents => Digital,
        _ => Physical,
    };
}
