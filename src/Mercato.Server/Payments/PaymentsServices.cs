namespace Mercato.Server.Payments;

internal static class PaymentsServices
{
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPaymentProvider, ManualPaymentProvider>();
        services.AddSingleton<PaymentProviders>();
        services.AddSingleton<Ledger>();
        return services;
    }
}
