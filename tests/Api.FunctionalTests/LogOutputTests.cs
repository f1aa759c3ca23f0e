using System.Text;
using EmailPipeline.ServiceDefaults;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>What the hosts write their logs through: each line whole, in one write, so a pipe's reader never sees half.</summary>
public sealed class LogOutputTests
{
    [Fact]
    public void ALongLogLine_LeavesInOneWrite_AsUtf8WithoutAPreamble()
    {
        // Longer than the console's own buffer (256 bytes) and a default StreamWriter's (1,024 characters), as a line
        // with an exception's stack trace is.
        var line = "{\"Message\":\"" + string.Concat(Enumerable.Repeat("Grüße, 😀 ", 500)) + "\"}\n";
        var output = new RecordingStream();
        using var writer = ServiceHost.LineWriter(output);

        writer.Write(line);

        Assert.Equal(Encoding.UTF8.GetBytes(line), Assert.Single(output.Writes));
    }

    /// <summary>Keeps each write it is given apart.</summary>
    private sealed class RecordingStream : Stream
    {
        public List<byte[]> Writes { get; } = [];

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Writes.Add(buffer[offset..(offset + count)]);

        public override void Write(ReadOnlySpan<byte> buffer) => Writes.Add(buffer.ToArray());

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
