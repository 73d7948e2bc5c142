namespace Batchivo.Templates.Tests;

/// <summary>On xunit v3, a kit with no case to run fails the test run, loudly, instead of passing with 0 tests.</summary>
[Collection(PackagesGroup.Name)]
public sealed class KitOnXunitV3Tests(Packages packages)
{
    [Fact]
    public async Task A_kit_with_an_empty_case_list_fails_the_run_on_xunit_v3()
    {
        var work = packages.NewWorkFolder("empty-kit");
        var hive = await packages.InstallTemplatesAsync(work);
        (await DotNet.RunAsync(work, packages.NuGetPackages, "new", "batchivo-plugin", "--kind", "slicer", "-n", "Acme.Empty", "--debug:custom-hive", hive)).Succeeded();
        var tests = Path.Combine(work, "Acme.Empty", "Acme.Empty.Tests");
        File.WriteAllText(Path.Combine(tests, "EmptyKitTests.cs"), """
            using Batchivo.Testing;

            namespace Acme.Empty.Tests;

            // A kit that declares no case: a run that found nothing to check must not pass.
            public sealed class EmptyKitTests : ConformanceKit
            {
                public static IEnumerable<object[]> KitCases => CasesOf(typeof(EmptyKitTests));

                [Theory]
                [MemberData(nameof(KitCases))]
                public override Task Conformance(string name) => RunAsync(name);
            }
            """);
        var results = Path.Combine(work, "results");

        var run = await DotNet.RunAsync(tests, packages.NuGetPackages, "test", "-m:1", "--logger", "trx;LogFileName=empty.trx", "--results-directory", results);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("EmptyKitTests has no conformance case to run", run.Output, StringComparison.Ordinal);
        var (_, passed, failed) = TemplateTests.Counters(Path.Combine(results, "empty.trx"));
        Assert.True(failed >= 1, $"The empty kit did not fail the run:\n{run.Output}");
        Assert.Equal(5, passed); // the slicer kit's own cases still ran
    }

    [Fact]
    public async Task A_kit_class_without_its_data_driven_test_does_not_compile()
    {
        var work = packages.NewWorkFolder("forgotten-theory");
        var hive = await packages.InstallTemplatesAsync(work);
        (await DotNet.RunAsync(work, packages.NuGetPackages, "new", "batchivo-plugin", "--kind", "slicer", "-n", "Acme.Forgotten", "--debug:custom-hive", hive)).Succeeded();
        var file = Directory.GetFiles(Path.Combine(work, "Acme.Forgotten", "Acme.Forgotten.Tests"), "*ConformanceTests.cs", SearchOption.AllDirectories).Single();
        var text = File.ReadAllText(file);
        var theory = text.IndexOf("    [Theory]", StringComparison.Ordinal);
        var end = text.IndexOf("RunAsync(name);", theory, StringComparison.Ordinal) + "RunAsync(name);".Length;
        Assert.True(theory > 0 && end > theory, $"The template's test class has no theory running the kit:\n{text}");
        File.WriteAllText(file, text[..theory] + text[end..]);

        var build = await DotNet.RunAsync(Path.Combine(work, "Acme.Forgotten"), packages.NuGetPackages, "build", "Acme.Forgotten.Tests", "-m:1");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("CS0534", build.Output, StringComparison.Ordinal);
        Assert.Contains("Conformance(string)", build.Output, StringComparison.Ordinal);
    }
}
