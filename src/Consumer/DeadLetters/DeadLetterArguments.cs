using System.Globalization;

namespace EmailPipeline.Consumer.DeadLetters;

internal enum DeadLetterVerb
{
    Help,
    List,
    Show,
    Redrive,
}

/// <summary>The dead-letter command's arguments: <c>list [--max N] | show ID | redrive [--max N] [--dry-run] | help</c>.</summary>
internal sealed record DeadLetterArguments(DeadLetterVerb Verb, string? MessageId = null, int? Max = null, bool DryRun = false)
{
    public const string Usage = """
        Usage: dotnet EmailPipeline.Consumer.dll dlq <command>
          list [--max N]                  each dead letter: id, age, receive count, and why the Consumer refused it
          show ID                         one dead letter: its metadata, the shape of its fields (never their values), the verdict
          redrive [--max N] [--dry-run]   move the dead letters (or N of them) back to the queue; --dry-run shows what would move
          help                            this text
        Configured like the Consumer: SQS_QUEUE_URL, AWS_REGION and the AWS SDK's own variables. The dead-letter queue is
        the one the queue's redrive policy names, or DeadLetters__QueueUrl.
        Exit codes: 0 done; 1 the queues could not be used, no such message, or not everything was moved; 2 bad arguments
        or configuration; 130 stopped.
        """;

    /// <summary>The arguments after <c>dlq</c>; false with the reason when they are not a command.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out DeadLetterArguments arguments, out string problem)
    {
        arguments = new DeadLetterArguments(DeadLetterVerb.Help);
        problem = string.Empty;
        if (args.Count == 0)
        {
            problem = "Name a command: list, show ID or redrive.";
            return false;
        }

        var rest = args.Skip(1).ToList();
        switch (args[0])
        {
            case "help" or "--help" or "-h" when rest.Count == 0:
                return true;
            case "list":
                return TryOptions(rest, "list", DeadLetterVerb.List, ref arguments, ref problem);
            case "redrive":
                return TryOptions(rest, "redrive", DeadLetterVerb.Redrive, ref arguments, ref problem);
            case "show" when rest is [var id] && !id.StartsWith('-'):
                arguments = new DeadLetterArguments(DeadLetterVerb.Show, MessageId: id);
                return true;
            case "show":
                problem = "show takes one message id: show ID.";
                return false;
            default:
                problem = $"Unknown command '{args[0]}': use list, show ID or redrive.";
                return false;
        }
    }

    private static bool TryOptions(List<string> options, string command, DeadLetterVerb verb, ref DeadLetterArguments arguments, ref string problem)
    {
        int? max = null;
        var dryRun = false;
        for (var i = 0; i < options.Count; i++)
        {
            switch (options[i])
            {
                case "--max" when max is null && i + 1 < options.Count:
                    if (!int.TryParse(options[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
                    {
                        problem = $"--max takes a whole number of messages, 1 or more, not '{options[i]}'.";
                        return false;
                    }

                    max = value;
                    break;
                case "--dry-run" when verb == DeadLetterVerb.Redrive && !dryRun:
                    dryRun = true;
                    break;
                default:
                    problem = $"'{options[i]}' is not an option of {command} (or is given twice, or lacks its value).";
                    return false;
            }
        }

        arguments = new DeadLetterArguments(verb, Max: max, DryRun: dryRun);
        return true;
    }
}
