using EmailPipeline.Application.Common.Security;
using EmailPipeline.TestCommon;

namespace EmailPipeline.Application.UnitTests.Common;

public sealed class ExpectedTokenTests
{
    private const string Secret = DevelopmentToken.Value;

    [Fact]
    public void Matches_OnlyTheExactSecret()
    {
        var token = ExpectedToken.FromSecret(Secret, "1");

        Assert.True(token.Matches(Secret));
        Assert.False(token.Matches(Secret + " "));
        Assert.False(token.Matches(Secret[..^1]));
        Assert.False(token.Matches(Secret.ToUpperInvariant()));
        Assert.False(token.Matches(string.Empty));
        Assert.False(token.Matches(null));
    }

    [Fact]
    public void FromSecret_RefusesAnEmptySecret()
    {
        Assert.Throws<ArgumentException>(() => ExpectedToken.FromSecret(string.Empty, "1"));
    }

    [Fact]
    public void IsSameSecretAs_ComparesTheSecrets_NotTheVersions()
    {
        Assert.True(ExpectedToken.FromSecret(Secret, "1").IsSameSecretAs(ExpectedToken.FromSecret(Secret, "2")));
        Assert.False(ExpectedToken.FromSecret(Secret, "1").IsSameSecretAs(ExpectedToken.FromSecret("other", "1")));
    }

    [Fact]
    public void ToString_NeverShowsTheSecret()
    {
        var text = ExpectedToken.FromSecret(Secret, "7").ToString();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("7", text, StringComparison.Ordinal);
    }
}
