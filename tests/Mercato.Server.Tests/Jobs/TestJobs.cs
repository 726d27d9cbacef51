using Mercato.Server.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Jobs;

internal sealed record TagPayload(string Tag);

internal sealed record FailPayload(string Tag, string Message);

internal static class TestJobs
{
    public const string Record = "test.record";
    public const string Fail = "test.fail";
    public const string Block = "test.block";

    public static void Add(IServiceCollection services)
    {
        services.AddJobHandler<TagPayload, RecordHandler>(Record);
        services.AddJobHandler<FailPayload, FailHandler>(Fail);
        services.AddJobHandler<TagPayload, BlockHandler>(Block);
        JobsWorkerCommand.AddDiagnostics(services);
    }

    private sealed class RecordHandler(TestJournal journal) : IJobHandler<TagPayload>
    {
        public Task HandleAsync(TagPayload payload, JobContext context, CancellationToken cancellationToken)
        {
            journal.Runs.Enqueue((payload.Tag, context.Id, context.Attempt));
            return Task.CompletedTask;
        }
    }

    private sealed class FailHandler(TestJournal journal) : IJobHandler<FailPayload>
    {
        public Task HandleAsync(FailPayload payload, JobContext context, CancellationToken cancellationToken)
        {
            journal.Runs.Enqueue((payload.Tag, context.Id, context.Attempt));
            throw new InvalidOperationException(payload.Message);
        }
    }

    /// <summary>Runs until cancelled (by request, timeout or shutdown).</summary>
    private sealed class BlockHandler(TestJournal journal) : IJobHandler<TagPayload>
    {
        public async Task HandleAsync(TagPayload payload, JobContext context, CancellationToken cancellationToken)
        {
            journal.Runs.Enqueue((payload.Tag, context.Id, context.Attempt));
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
