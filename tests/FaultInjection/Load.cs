using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace EmailPipeline.FaultInjection;

/// <summary>What the load generator got for one email.</summary>
/// <param name="Status">The HTTP status; 0 when no answer came (connection refused or reset, timed out).</param>
internal sealed record Attempt(int Email, int Status, TimeSpan SentAt, TimeSpan Took, bool HasRetryAfter, string Token);

/// <summary>
/// A steady load of distinct emails (email n is due at n / rate seconds), each sent once and never retried; every
/// answer is kept for the account.
/// </summary>
internal sealed class Load(Uri api, string runId, double ratePerSecond, string token) : IDisposable
{
    /// <summary>Longer than any answer the Api may take (its SQS budget is 5 s): a request this slow is hung.</summary>
    public static readonly TimeSpan HungAfter = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http = new() { BaseAddress = api, Timeout = HungAfter };
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _next = -1;
    private volatile string _token = token;

    /// <summary>Time since the load was created, on the clock attempts are stamped with.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyCollection<Attempt> Attempts => _attempts;

    /// <summary>The token the senders use from now on.</summary>
    public string Token
    {
        get => _token;
        set => _token = value;
    }

    /// <summary>The body the Consumer archives for email <paramref name="email"/>: its content names the run and the email.</summary>
    public static string ContentOf(string runId, int email) => $"fault injection {runId} email {email}";

    /// <summary>
    /// Sends emails at the rate until stopped, each at its due time whatever happened to the ones before (open loop:
    /// an outage that slows answers down does not slow the load down), then waits for every answer.
    /// </summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var sending = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            var email = Interlocked.Increment(ref _next);
            var due = TimeSpan.FromSeconds(email / ratePerSecond);
            if (due > _clock.Elapsed)
            {
                try
                {
                    await Task.Delay(due - _clock.Elapsed, stop);
                }
                catch (OperationCanceledException)
                {
                    break; // never sent: not part of the account
                }
            }

            sending.Add(SendAsync(email, _token));
        }

        await Task.WhenAll(sending);
    }

    /// <summary>Sends one more email now, outside the schedule (a probe), with the given token, to this or another Api.</summary>
    public Task<Attempt> SendOneAsync(string token, Uri? to = null) => SendAsync(Interlocked.Increment(ref _next), token, to);

    public void Dispose() => _http.Dispose();

    private async Task<Attempt> SendAsync(int email, string token, Uri? to = null)
    {
        var sentAt = _clock.Elapsed;
        var body = new
        {
            data = new
            {
                email_subject = "Fault injection",
                email_sender = $"sender-{email}@{runId}.example.org",
                email_timestream = (1_700_000_000 + email).ToString(CultureInfo.InvariantCulture),
                email_content = ContentOf(runId, email),
            },
            token,
        };

        Attempt attempt;
        try
        {
            using var response = await _http.PostAsJsonAsync(new Uri(to ?? _http.BaseAddress!, "/api/email"), body);
            attempt = new Attempt(email, (int)response.StatusCode, sentAt, _clock.Elapsed - sentAt, response.Headers.RetryAfter is not null, token);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            attempt = new Attempt(email, 0, sentAt, _clock.Elapsed - sentAt, false, token);
        }

        _attempts.Enqueue(attempt);
        return attempt;
    }
}
