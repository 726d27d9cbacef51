using System.ComponentModel.DataAnnotations;

namespace Mercato.Server.Demo;

/// <summary>What the demo marketplace holds when <c>serve</c> starts on an empty database.</summary>
internal sealed class DemoOptions
{
    public const string Section = "Mercato:Demo";

    /// <summary>False (<c>--no-demo</c>): the default tenant starts empty.</summary>
    public bool Enabled { get; set; } = true;

    [Range(0, 1_000_000)]
    public int Vehicles { get; set; } = 20_000;

    [Range(0, 10_000)]
    public int Products { get; set; } = 2_000;

    [Range(0, 1_000)]
    public int Agents { get; set; } = 100;

    public int Seed { get; set; } = 42;

    /// <summary>The demo shopper's orders (a couple dozen, in every state of every process); needs the demo accounts.</summary>
    public bool Orders { get; set; } = true;
}
