namespace Mercato.Server.Demo;

internal static partial class DemoLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Demo marketplace: {Count} listings created in tenant {Tenant} in {Seconds:F1} s")]
    public static partial void Seeded(ILogger logger, int count, string tenant, double seconds);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Demo marketplace: {Count} orders of the demo shopper placed in tenant {Tenant} in {Seconds:F1} s")]
    public static partial void OrdersSeeded(ILogger logger, int count, string tenant, double seconds);
}
