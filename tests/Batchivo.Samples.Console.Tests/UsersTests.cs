using Batchivo.Samples.Console.Tests.Support;
using Batchivo.Samples.Contracts;

namespace Batchivo.Samples.Console.Tests;

/// <summary>`users hash`: a dashboard user's password hash for the configuration, the password read from standard input.</summary>
public sealed class UsersTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public void The_hash_of_a_piped_password_verifies_that_password_only_and_is_salted()
    {
        var first = _host.RunWithInput("correct horse battery\n", "users", "hash", "anna", "--scope", "write", "--json").Ok().Json;
        var second = _host.RunWithInput("correct horse battery\n", "users", "hash", "anna", "--json").Ok().Json;

        Assert.Equal("anna", first.GetProperty("name").GetString());
        Assert.Equal("write", first.GetProperty("scope").GetString());
        Assert.Equal("read", second.GetProperty("scope").GetString());
        var hash = first.GetProperty("passwordHash").GetString()!;
        Assert.StartsWith("pbkdf2-sha256$600000$", hash, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse", hash, StringComparison.Ordinal);
        Assert.True(Passwords.Verify("correct horse battery", hash));
        Assert.False(Passwords.Verify("correct horse battery!", hash));
        Assert.NotEqual(hash, second.GetProperty("passwordHash").GetString());

        // Without --json: the configuration to paste.
        var text = _host.RunWithInput("correct horse battery\n", "users", "hash", "ben").Ok().Out;
        Assert.Contains("Batchivo:Web:Users", text, StringComparison.Ordinal);
        Assert.Contains("\"passwordHash\": \"pbkdf2-sha256$", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_password_or_an_unknown_scope_is_refused_with_what_to_do()
    {
        var shortPassword = _host.RunWithInput("short\n", "users", "hash", "anna");
        Assert.NotEqual(0, shortPassword.ExitCode);
        Assert.Contains("at least 10 characters", shortPassword.Error, StringComparison.Ordinal);

        var scope = _host.RunWithInput("correct horse battery\n", "users", "hash", "anna", "--scope", "admin");
        Assert.NotEqual(0, scope.ExitCode);
        Assert.Contains("--scope 'admin' is not a scope", scope.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
