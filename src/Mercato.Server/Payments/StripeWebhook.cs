using System.Text;
using System.Text.Json;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Stripe;

namespace Mercato.Server.Payments;

internal sealed record WebhookAck(string EventId, bool Duplicate);

/// <summary>The payload of <c>payments.stripe_event</c>: the stored event's row.</summary>
internal sealed record StripeEventPayload(long EventRowId);

/// <summary>
/// <c>POST /api/payments/stripe/webhook</c>: verifies <c>Stripe-Signature</c> with Stripe.net (300 s tolerance, against
/// our clock), stores the event once by its id and enqueues its processing as a durable job in the same transaction.
/// A second delivery of a stored event is acknowledged and does nothing. What the event means is decided by the job,
/// which reads the objects again from Stripe rather than trusting the order events arrive in.
/// </summary>
internal static class StripeWebhook
{
    public const string JobKind = "payments.stripe_event";
    public const long ToleranceSeconds = 300;
    private const int MaxBytes = 512 * 1024;

    public static async Task<Results<Ok<WebhookAck>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, Tenant tenant, Database database, PaymentSettingsStore settings, JobClient jobs, TimeProvider time, ILogger<StripeClients> logger, CancellationToken cancellationToken)
    {
        var secret = (await settings.GetAsync(tenant.Id, cancellationToken)).StripeWebhookSecret;
        if (secret is null)
        {
            return Problems.Status(StatusCodes.Status400BadRequest, "Stripe is not configured", "This marketplace has no Stripe webhook secret: PUT /api/payments/stripe/settings.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"A webhook is at most {MaxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        var json = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        Event stripeEvent;
        try
        {
            // The API version of the endpoint may differ from Stripe.net's: the job reads objects again through our own client.
            stripeEvent = EventUtility.ConstructEvent(
                json, request.Headers["Stripe-Signature"].ToString(), secret, ToleranceSeconds, time.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception exception) when (exception is StripeException or JsonException or Newtonsoft.Json.JsonException)
        {
            PaymentsLog.WebhookRefused(logger, tenant.Id, exception.Message);
            return Problems.Status(StatusCodes.Status400BadRequest, "Webhook refused",
                "The Stripe-Signature does not verify with this marketplace's webhook secret, or its timestamp is older than 300 seconds (a replay).");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var rowId = await connection.ExecuteScalarAsync<long?>(
            """
            INSERT INTO stripe_events (tenant_id, event_id, type, payload, received_at) VALUES (@tenantId, @Id, @Type, @json, @now)
            ON CONFLICT (tenant_id, event_id) DO NOTHING RETURNING id
            """,
            new { tenantId = tenant.Id, stripeEvent.Id, stripeEvent.Type, json, now = time.GetUtcNow() }, transaction);
        if (rowId is { } id)
        {
            await jobs.EnqueueAsync(connection, transaction, new JobRequest(JobKind, JsonSerializer.Serialize(new StripeEventPayload(id), JsonDefaults.Options))
            {
                TenantId = tenant.Id,
            }, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        PaymentsLog.WebhookReceived(logger, stripeEvent.Id, stripeEvent.Type, tenant.Id);
        return TypedResults.Ok(new WebhookAck(stripeEvent.Id, rowId is null));
    }
}
