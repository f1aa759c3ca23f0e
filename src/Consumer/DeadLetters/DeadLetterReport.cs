using System.Globalization;
using System.Text;
using EmailPipeline.Infrastructure.Sqs.DeadLetters;

namespace EmailPipeline.Consumer.DeadLetters;

/// <summary>What the dead-letter command does and prints, command by command. Returns the exit code.</summary>
internal sealed class DeadLetterReport(IDeadLetterQueue deadLetters, IMessageDiagnosis diagnosis, TimeProvider clock, TextWriter output, TextWriter errors)
{
    private const string Valid = "Valid: it failed for a reason outside the message.";

    /// <summary><c>list</c>, and <c>redrive --dry-run</c>: each message's id, age, receive count, and verdict.</summary>
    public async Task<int> ListAsync(int? max, CancellationToken stop, bool dryRun = false)
    {
        var queues = await deadLetters.LocateAsync(stop);
        await output.WriteLineAsync($"Dead-letter queue {queues.DeadLetterQueueUrl} (from {queues.FoundBy})");
        if (dryRun)
        {
            await output.WriteLineAsync($"Dry run, nothing is moved. A redrive would send these back to {queues.QueueUrl}:");
        }

        var count = 0;
        var poison = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var letter in deadLetters.ReadAsync(queues, max, stop))
        {
            if (count++ == 0)
            {
                await output.WriteLineAsync($"{"MESSAGE ID",-36}  {"AGE",8}  {"RECEIVES",8}  WHY");
            }

            var why = await diagnosis.WhyPoisonAsync(letter.Message, stop);
            if (why is not null)
            {
                poison[why.Reason] = poison.GetValueOrDefault(why.Reason) + 1;
            }

            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture, $"{letter.Message.MessageId,-36}  {Age(letter),8}  {letter.Message.ReceiveCount,8}  {why?.Detail ?? Valid}"));
        }

        await output.WriteLineAsync(Summary(count, poison, max, dryRun));
        return ExitCodes.Done;
    }

    /// <summary><c>show ID</c>: one message's metadata, the shape of its body and the verdict; never a value of the email.</summary>
    public async Task<int> ShowAsync(string messageId, CancellationToken stop)
    {
        var queues = await deadLetters.LocateAsync(stop);
        await foreach (var letter in deadLetters.ReadAsync(queues, max: null, stop))
        {
            if (letter.Message.MessageId != messageId)
            {
                continue;
            }

            var message = letter.Message;
            var why = await diagnosis.WhyPoisonAsync(message, stop);
            var text = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"Message {message.MessageId}")
                .AppendLine(CultureInfo.InvariantCulture, $"  in           {queues.DeadLetterQueueUrl}")
                .AppendLine(CultureInfo.InvariantCulture, $"  sent         {(message.SentAt is { } sent ? $"{sent:u} ({Age(letter)} ago)" : "unknown")}")
                .AppendLine(CultureInfo.InvariantCulture, $"  receives     {message.ReceiveCount} (in the queue and here, this one included)")
                .AppendLine(CultureInfo.InvariantCulture, $"  from         {letter.SourceQueueArn ?? "unknown"}");
            if (letter.OriginalMessageId != message.MessageId)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  original id  {letter.OriginalMessageId} (moved back before, by this command)");
            }

            var attributes = letter.AttributesToShow.Select(a => a.Value is null ? $"{a.Key} (value not shown)" : $"{a.Key}={a.Value}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  attributes   {(letter.AttributesToShow.Count == 0 ? "none" : string.Join(", ", attributes))}")
                .AppendLine(CultureInfo.InvariantCulture, $"  body         {Encoding.UTF8.GetByteCount(message.Body)} bytes: {string.Join("; ", diagnosis.DescribeFields(message))}")
                .Append(CultureInfo.InvariantCulture, $"  verdict      {(why is null ? Valid : $"poison ({why.Reason}). {why.Detail}")}");
            await output.WriteLineAsync(text.ToString());
            return ExitCodes.Done;
        }

        await errors.WriteLineAsync(
            $"No message {messageId} in {queues.DeadLetterQueueUrl} (a message another reader holds is out of sight until its visibility timeout ends).");
        return ExitCodes.Failed;
    }

    /// <summary><c>redrive</c>: moves the messages back to the queue, and says how that went.</summary>
    public async Task<int> RedriveAsync(int? max, CancellationToken stop)
    {
        var queues = await deadLetters.LocateAsync(stop);
        var waiting = await deadLetters.CountAsync(queues.DeadLetterQueueUrl, stop);
        if (waiting == 0)
        {
            await output.WriteLineAsync($"The dead-letter queue {queues.DeadLetterQueueUrl} is empty: nothing to move.");
            return ExitCodes.Done;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Moving {(max is null ? "the" : $"up to {max} of the")} messages of {queues.DeadLetterQueueUrl} (about {waiting}) back to {queues.QueueUrl}."));
        var result = await deadLetters.RedriveAsync(queues, max, new Lines(output), stop);

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{(result.IsComplete ? "Done" : result.Interrupted ? "Stopped" : "Not finished")}: {result.Moved} moved{(result.Method == RedriveMethod.MoveTask ? " (SQS's count)" : string.Empty)}."));
        if (result.NotSent > 0)
        {
            await errors.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{result.NotSent} could not be sent to the queue (see the warnings above): they stay in the dead-letter queue."));
        }

        if (result.SentNotDeleted > 0)
        {
            await errors.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{result.SentNotDeleted} were sent to the queue but could not be deleted here: they reappear in the dead-letter queue, and a later redrive sends them again (the Consumer archives each email once)."));
        }

        if (result.Failure is not null)
        {
            await errors.WriteLineAsync($"Error: {result.Failure}");
        }

        return result.IsComplete ? ExitCodes.Done : result.Interrupted ? ExitCodes.Stopped : ExitCodes.Failed;
    }

    private static string Summary(int count, SortedDictionary<string, int> poison, int? max, bool dryRun)
    {
        if (count == 0)
        {
            return "The dead-letter queue is empty.";
        }

        var poisoned = poison.Values.Sum();
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{count} message{(count == 1 ? "" : "s")}: {poisoned} poison"));
        if (poisoned > 0)
        {
            text.Append(" (").AppendJoin(", ", poison.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}"))).Append(')');
        }

        text.Append(CultureInfo.InvariantCulture, $", {count - poisoned} valid.");
        if (count - poisoned > 0)
        {
            text.Append(" A valid message failed for a reason outside it (S3 unreachable, a timeout): the Consumer's log for its id says which; redrive it once that is fixed.");
        }

        if (dryRun && poisoned > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" {poisoned} of them would come back here: the Consumer still refuses {(poisoned == 1 ? "it" : "them")}.");
        }

        if (max == count)
        {
            text.Append(CultureInfo.InvariantCulture, $" (--max {max}: there may be more.)");
        }

        return text.ToString();
    }

    /// <summary>Since the message was first sent to the queue (SQS keeps that time when it dead-letters a message).</summary>
    private string Age(DeadLetter letter)
    {
        if (letter.Message.SentAt is not { } sent)
        {
            return "?";
        }

        var age = clock.GetUtcNow() - sent;
        return age switch
        {
            { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)age.TotalSeconds)}s"),
            { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{age.Minutes}m{age.Seconds:00}s"),
            { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{age.Hours}h{age.Minutes:00}m"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays}d{age.Hours:00}h"),
        };
    }

    /// <summary>Progress lines, written as they come (in order, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class Lines(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine($"  {value}");
    }
}
