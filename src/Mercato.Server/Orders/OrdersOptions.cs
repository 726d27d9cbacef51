using System.ComponentModel.DataAnnotations;

namespace Mercato.Server.Orders;

/// <summary>Settings of carts, checkout and orders: <c>Mercato:Orders</c>.</summary>
internal sealed class OrdersOptions : IValidatableObject
{
    public const string Section = "Mercato:Orders";

    /// <summary>How long checkout holds stock for an unpaid order before a timer releases it.</summary>
    public TimeSpan CheckoutHold { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a paid vehicle deposit reserves the vehicle before a timer releases it.</summary>
    [Range(0.0001, 8760)]
    public double VehicleReservationHours { get; set; } = 72;

    /// <summary>The deposit a vehicle order takes, as a percentage of the vehicle's price.</summary>
    [Range(1, 100)]
    public int VehicleDepositPercent { get; set; } = 10;

    /// <summary>The largest quantity of one listing in a cart.</summary>
    [Range(1, 1_000_000)]
    public int MaxQuantity { get; set; } = 999;

    [Range(1, 1000)]
    public int MaxCartLines { get; set; } = 100;

    public TimeSpan Delay(string name) => name switch
    {
        OrderProcess.CheckoutHold => CheckoutHold,
        OrderProcess.VehicleHold => TimeSpan.FromHours(VehicleReservationHours),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown process delay"),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CheckoutHold <= TimeSpan.Zero || CheckoutHold > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("CheckoutHold must be more than zero and at most a day", [nameof(CheckoutHold)]);
        }
    }
}
