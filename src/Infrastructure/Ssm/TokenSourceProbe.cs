using EmailPipeline.Application.Abstractions;
using EmailPipeline.Infrastructure.Health;

namespace EmailPipeline.Infrastructure.Ssm;

/// <summary>A token is known, from SSM or its cache (which limits how often SSM is read).</summary>
internal sealed class TokenSourceProbe(IAccessTokenSource tokens) : IDependencyProbe
{
    public string Name => "ssm";

    public async Task ProbeAsync(CancellationToken cancellationToken) => await tokens.GetAsync(cancellationToken);
}
