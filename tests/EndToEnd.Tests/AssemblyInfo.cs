using EmailPipeline.TestCommon;

[assembly: AssemblyFixture(typeof(MotoServer))]
