using Batchivo.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Batchivo.Hosting.Tests;

public sealed class PluginFolderTests
{
    [Fact]
    public void Smoke()
    {
        var services = new ServiceCollection();
        var builder = services.AddBatchivo(o => o.Plugins.Directories.Add("fixture-plugins"));
        foreach (var line in builder.Diagnostics.Describe())
        {
            Console.WriteLine(line);
        }

        Assert.NotEmpty(builder.Diagnostics.Loaded);
    }
}
