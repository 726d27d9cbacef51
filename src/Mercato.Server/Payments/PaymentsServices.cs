using Mercato.Server.Jobs;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Payments;

internal static class PaymentsServices
{
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PaymentSettingsStore>();
        services.AddHttpClient(StripeClients.HttpClientName);
        services.AddSingleton<StripeClients>();
        services.AddSingleton<ManualPaymentProvider>();
        services.AddSingleton<StripePaymentProvider>();
        services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<ManualPaymentProvider>());
        services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<StripePaymentProvider>());
        services.AddSingleton<PaymentProviders>();
        services.AddSingleton<Ledger>();
        services.AddSingleton<Payouts>();
        services.AddJobHandler<PayoutsPayload, PayoutsJob>(Payouts.JobKind, kind => kind.MaxAttempts = 3);
        // The payouts job runs on its own schedule unless the operator configured one under that name.
        services.AddSingleton<IPostConfigureOptions<JobsOptions>>(sp => new PostConfigureOptions<JobsOptions>(null, jobs =>
            jobs.Schedules.TryAdd("payments-payouts", new ScheduleOptions
            {
                Cron = sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.PayoutCron,
                Kind = Payouts.JobKind,
                CatchUp = true,
            })));
        return services;
    }
}
