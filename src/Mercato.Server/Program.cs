using Mercato.Server.Host;

return await MercatoCli.RunAsync(args);

/// <summary>The entry point; visible to the test host.</summary>
public partial class Program;
