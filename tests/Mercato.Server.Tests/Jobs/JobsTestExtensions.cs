using System.Text.Json;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Jobs;

internal static class JobsTestExtensions
{
    public static JobClient Jobs(this JobsFixture fixture) => fixture.Services.GetRequiredService<JobClient>();

    public static Database Database(this JobsFixture fixture) => fixture.Services.GetRequiredService<Database>();

    public static string Json(object payload) => JsonSerializer.Serialize(payload, JsonDefaults.Options);

    public static JobRequest Request(string kind, object payload) => new(kind, Json(payload));

    public static async Task<(string State, int Attempt, DateTimeOffset RunAt, string? LastError)> JobAsync(this JobsFixture fixture, long id)
    {
        await using var connection = await fixture.Database().OpenAsync();
        await using var reader = await connection.ExecuteReaderAsync("SELECT state, attempt, run_at, last_error FROM jobs WHERE id = @id", new { id });
        (await reader.ReadAsync()).ShouldBeTrue($"job {id} exists");
        return (reader.GetString(0), reader.GetInt32(1), JobTime.Read(reader, 2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    public static async Task<T> ScalarAsync<T>(this JobsFixture fixture, string sql, object? parameters = null)
    {
        await using var connection = await fixture.Database().OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after the timeout.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, double seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new ShouldAssertException($"timed out after {seconds} s waiting for: {what}");
            }

            await Task.Delay(25);
        }
    }

    public static Task WaitForStateAsync(this JobsFixture fixture, long id, string state, double seconds = 10) =>
        EventuallyAsync(async () => (await fixture.JobAsync(id)).State == state, $"job {id} to be {state}", seconds);
}
