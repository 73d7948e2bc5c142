using Batchivo.Samples.Web;

await WebApp.Create(args).RunAsync();

/// <summary>The entry point, visible to the tests' host.</summary>
public partial class Program;
