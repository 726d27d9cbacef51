using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;

namespace Mercato.Server.Orders;

internal sealed record OrderTimerPayload(long OrderId, string Transition, string State);

/// <summary>
/// <c>orders.timer</c>: fires a process's timed transition (release unpaid stock, end a vehicle reservation) as the timer
/// actor, if the order is still in the state that scheduled it; otherwise the order moved on and there is nothing to do.
/// </summary>
internal sealed class OrderTimerJob(Database database, OrderTransitions transitions, ILogger<OrderTimerJob> logger) : IJobHandler<OrderTimerPayload>
{
    public const string Kind = "orders.timer";

    public async Task HandleAsync(OrderTimerPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        if (context.TenantId is not { } tenantId)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        await OrderStore.LockAsync(connection, transaction, database.IsPostgres, tenantId, payload.OrderId);
        var order = await OrderStore.FindAsync(connection, transaction, tenantId, payload.OrderId);
        if (order is null || order.State != payload.State)
        {
            OrdersLog.TimerSkipped(logger, payload.OrderId, payload.Transition, order?.State ?? "gone");
            return;
        }

        var problem = await transitions.FireAsync(connection, transaction, tenantId, order, new TransitionRequest(payload.Transition, Actor.Timer, "timer"), cancellationToken);
        if (problem is not null)
        {
            // A process that cannot fire its own timer is a bug; failing the job keeps it visible at /admin/jobs.
            throw new InvalidOperationException($"timer {payload.Transition} of order {payload.OrderId} failed: {problem.ProblemDetails.Detail}");
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
