using Amazon.Runtime;

namespace EmailPipeline.TestCommon;

/// <summary>Faults planted in an SDK client: a request of one kind fails before it is sent, as if the process died there.</summary>
public static class RequestFaults
{
    /// <summary>Makes every request matching <paramref name="when"/> throw an <see cref="IOException"/> before it leaves.</summary>
    public static TClient FailingOn<TClient>(this TClient client, Func<AmazonWebServiceRequest, bool> when)
        where TClient : AmazonServiceClient
    {
        ArgumentNullException.ThrowIfNull(client);
        client.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs { Request: { } request } && when(request))
            {
                throw new IOException($"{request.GetType().Name} never left: the process died here.");
            }
        };
        return client;
    }
}
