using System.Text;
using BenchmarkDotNet.Attributes;
using EmailPipeline.Application.Emails;
using EmailPipeline.Domain.Emails;

namespace EmailPipeline.Benchmarks;

/// <summary>What the Consumer does per message besides S3: parse the body, build the email, its key and its bytes.</summary>
[MemoryDiagnoser]
public class ArchivePathBenchmarks
{
    private static readonly byte[] MessageBody = Encoding.UTF8.GetBytes(
        """{"email_subject":"Happy new year!","email_sender":"John doe","email_timestream":"1693561101","email_content":"Just want to say... Happy new year!!!"}""");

    private static readonly Email Email = Email.Create("Happy new year!", "John doe", "1693561101", "Just want to say... Happy new year!!!");

    private static readonly byte[] Serialized = EmailJson.Serialize(Email);

    [Benchmark]
    public EmailDocument ParseMessage() => EmailJson.Parse(MessageBody);

    [Benchmark]
    public byte[] SerializeEmail() => EmailJson.Serialize(Email);

    [Benchmark]
    public ArchiveKey ComputeKey() => ArchiveKey.For(Email);

    [Benchmark]
    public ArchiveKey ComputeContentHashKey() => ArchiveKey.WithContentHash(Email, Serialized);
}
