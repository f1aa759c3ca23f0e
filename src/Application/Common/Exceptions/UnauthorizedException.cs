namespace EmailPipeline.Application.Common.Exceptions;

/// <summary>The request's token is missing or wrong. Deliberately says nothing about which.</summary>
public sealed class UnauthorizedException() : Exception("The token is missing or wrong.");
