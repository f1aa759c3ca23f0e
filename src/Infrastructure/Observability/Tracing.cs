using System.Diagnostics;

namespace EmailPipeline.Infrastructure.Observability;

/// <summary>
/// The services' own spans. One trace runs from the Api's request, through the queue (the W3C
/// <c>traceparent</c> travels as a message attribute), to the Consumer's archive of the email.
/// </summary>
public static class Tracing
{
    public const string SourceName = "EmailPipeline";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the span of processing one message, continuing the trace of the request that sent it. Without a
    /// listener (tracing export off) an activity is still started, so the logs carry the trace id all the same.
    /// </summary>
    public static Activity StartConsumerActivity(string name, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, traceState: null, out var parent);
        return Source.StartActivity(name, ActivityKind.Consumer, parent)
            ?? StartUnobserved(name, parent);
    }

    private static Activity StartUnobserved(string name, ActivityContext parent)
    {
        var activity = new Activity(name);
        if (parent != default)
        {
            activity.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
        }

        return activity.Start();
    }
}
