package io.gridata.lineage.internal;

import static java.util.Objects.requireNonNull;

import com.linkedin.assertion.AssertionInfo;
import com.linkedin.assertion.AssertionResultType;
import com.linkedin.assertion.AssertionRunEvent;
import com.linkedin.assertion.AssertionRunStatus;
import com.linkedin.assertion.AssertionSource;
import com.linkedin.assertion.AssertionSourceType;
import com.linkedin.assertion.AssertionType;
import com.linkedin.assertion.CustomAssertionInfo;
import com.linkedin.common.AuditStamp;
import com.linkedin.common.DatasetUrnArray;
import com.linkedin.common.GlobalTags;
import com.linkedin.common.OwnerArray;
import com.linkedin.common.Ownership;
import com.linkedin.common.OwnershipType;
import com.linkedin.common.TagAssociation;
import com.linkedin.common.TagAssociationArray;
import com.linkedin.common.UrnArray;
import com.linkedin.common.urn.DataFlowUrn;
import com.linkedin.common.urn.DataPlatformUrn;
import com.linkedin.common.urn.DatasetUrn;
import com.linkedin.common.urn.TagUrn;
import com.linkedin.common.urn.Urn;
import com.linkedin.data.template.DataTemplate;
import com.linkedin.data.template.StringMap;
import com.linkedin.datajob.DataFlowInfo;
import com.linkedin.datajob.DataJobInfo;
import com.linkedin.datajob.DataJobInputOutput;
import com.linkedin.dataprocess.DataProcessInstanceInput;
import com.linkedin.dataprocess.DataProcessInstanceOutput;
import com.linkedin.dataprocess.DataProcessInstanceProperties;
import com.linkedin.dataprocess.DataProcessInstanceRelationships;
import com.linkedin.dataprocess.DataProcessInstanceRunEvent;
import com.linkedin.dataprocess.DataProcessInstanceRunResult;
import com.linkedin.dataprocess.DataProcessRunStatus;
import com.linkedin.dataprocess.DataProcessType;
import com.linkedin.dataprocess.RunResultType;
import com.linkedin.dataset.DatasetLineageType;
import com.linkedin.dataset.DatasetProperties;
import com.linkedin.dataset.FineGrainedLineage;
import com.linkedin.dataset.FineGrainedLineageArray;
import com.linkedin.dataset.FineGrainedLineageDownstreamType;
import com.linkedin.dataset.FineGrainedLineageUpstreamType;
import com.linkedin.dataset.Upstream;
import com.linkedin.dataset.UpstreamArray;
import com.linkedin.dataset.UpstreamLineage;
import com.linkedin.mxe.MetadataChangeProposal;
import com.linkedin.schema.ArrayType;
import com.linkedin.schema.BooleanType;
import com.linkedin.schema.BytesType;
import com.linkedin.schema.DateType;
import com.linkedin.schema.FixedType;
import com.linkedin.schema.MapType;
import com.linkedin.schema.NullType;
import com.linkedin.schema.NumberType;
import com.linkedin.schema.OtherSchema;
import com.linkedin.schema.RecordType;
import com.linkedin.schema.SchemaFieldArray;
import com.linkedin.schema.SchemaFieldDataType;
import com.linkedin.schema.SchemaMetadata;
import com.linkedin.schema.StringType;
import com.linkedin.schema.TimeType;
import datahub.event.EventFormatter;
import datahub.event.MetadataChangeProposalWrapper;
import io.gridata.lineage.AssertionResult;
import io.gridata.lineage.ColumnLineage;
import io.gridata.lineage.DatasetMetadata;
import io.gridata.lineage.DatasetRef;
import io.gridata.lineage.FieldRef;
import io.gridata.lineage.FieldType;
import io.gridata.lineage.Flow;
import io.gridata.lineage.Job;
import io.gridata.lineage.LineageException;
import io.gridata.lineage.Owner;
import io.gridata.lineage.Run;
import io.gridata.lineage.RunLineage;
import io.gridata.lineage.RunStatus;
import io.gridata.lineage.SchemaField;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Maps the lineage model to DataHub metadata change proposals (UPSERTs of one aspect each).
 *
 * <p>Aspects: {@code dataFlowInfo}; {@code dataJobInfo}, {@code dataJobInputOutput} (with
 * fine-grained lineage); per described dataset {@code datasetProperties}, {@code schemaMetadata},
 * {@code ownership}, {@code globalTags}; per output {@code upstreamLineage} (with {@code
 * fineGrainedLineages}); per run {@code dataProcessInstanceProperties}, {@code
 * dataProcessInstanceRelationships}, {@code dataProcessInstanceInput}, {@code
 * dataProcessInstanceOutput} and {@code dataProcessInstanceRunEvent} STARTED (+ COMPLETE once
 * finished); per assertion result {@code assertionInfo} and {@code assertionRunEvent}.
 */
public final class AspectMapper {
  /** Custom assertion type under which Gridata quality rules appear in DataHub. */
  public static final String ASSERTION_TYPE = "gridata-quality-rule";

  private static final String NATIVE_RESULT_TYPE = "gridata";

  private final String actor;
  private final EventFormatter formatter = new EventFormatter();

  /**
   * A mapper that stamps audit fields with {@code actorUrn}.
   *
   * @param actorUrn e.g. {@code urn:li:corpuser:gridata}
   */
  public AspectMapper(String actorUrn) {
    this.actor = requireNonNull(actorUrn, "actorUrn is null");
    urn(actorUrn);
  }

  /** All proposals for {@code lineage}, in a stable order: flow, job, datasets, run, assertions. */
  public List<MetadataChangeProposal> proposals(RunLineage lineage) {
    requireNonNull(lineage, "lineage is null");
    Job job = lineage.job();
    Run run = lineage.run();
    long eventTime = (run.end() != null ? run.end() : run.start()).toEpochMilli();
    List<MetadataChangeProposal> out = new ArrayList<>();

    Flow flow = job.flow();
    out.add(mcp("dataFlow", flow.urn(), "dataFlowInfo", flowInfo(flow)));
    out.add(mcp("dataJob", job.urn(), "dataJobInfo", jobInfo(job)));
    out.add(mcp("dataJob", job.urn(), "dataJobInputOutput", jobInputOutput(job)));

    for (DatasetMetadata dataset : lineage.datasets()) {
      String urn = dataset.ref().urn();
      out.add(mcp("dataset", urn, "datasetProperties", datasetProperties(dataset)));
      if (!dataset.fields().isEmpty()) {
        out.add(mcp("dataset", urn, "schemaMetadata", schemaMetadata(dataset, eventTime)));
      }
      if (!dataset.owners().isEmpty()) {
        out.add(mcp("dataset", urn, "ownership", ownership(dataset.owners(), eventTime)));
      }
      if (!dataset.tags().isEmpty()) {
        out.add(mcp("dataset", urn, "globalTags", globalTags(dataset.tags())));
      }
    }
    for (DatasetRef output : job.outputs()) {
      UpstreamLineage upstream = upstreamLineage(job, output, eventTime);
      if (upstream != null) {
        out.add(mcp("dataset", output.urn(), "upstreamLineage", upstream));
      }
    }

    String instance = processInstanceUrn(job, run);
    out.add(
        mcp(
            "dataProcessInstance",
            instance,
            "dataProcessInstanceProperties",
            instanceProperties(run)));
    out.add(
        mcp(
            "dataProcessInstance",
            instance,
            "dataProcessInstanceRelationships",
            new DataProcessInstanceRelationships()
                .setParentTemplate(urn(job.urn()))
                .setUpstreamInstances(new UrnArray())));
    out.add(
        mcp(
            "dataProcessInstance",
            instance,
            "dataProcessInstanceInput",
            new DataProcessInstanceInput().setInputs(urns(job.inputs()))));
    out.add(
        mcp(
            "dataProcessInstance",
            instance,
            "dataProcessInstanceOutput",
            new DataProcessInstanceOutput().setOutputs(urns(job.outputs()))));
    out.add(mcp("dataProcessInstance", instance, "dataProcessInstanceRunEvent", startEvent(run)));
    if (run.finished()) {
      out.add(mcp("dataProcessInstance", instance, "dataProcessInstanceRunEvent", endEvent(run)));
    }

    for (AssertionResult result : lineage.assertions()) {
      String assertion = assertionUrn(result);
      out.add(mcp("assertion", assertion, "assertionInfo", assertionInfo(result, eventTime)));
      out.add(mcp("assertion", assertion, "assertionRunEvent", assertionRunEvent(result, run)));
    }
    return List.copyOf(out);
  }

  /**
   * The URN of a run's {@code dataProcessInstance}: a stable digest of the job URN and run id, so
   * re-publishing a run updates the same instance.
   */
  public static String processInstanceUrn(Job job, Run run) {
    return "urn:li:dataProcessInstance:" + digest(job.urn() + "\n" + run.id());
  }

  /**
   * The URN of the assertion a rule result belongs to: a stable digest of the dataset URN and rule
   * name, so every run's result of one rule lands on the same assertion.
   */
  public static String assertionUrn(AssertionResult result) {
    return "urn:li:assertion:" + digest(result.dataset().urn() + "\n" + result.ruleName());
  }

  private static String digest(String key) {
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
  }

  private DataFlowInfo flowInfo(Flow flow) {
    DataFlowInfo info =
        new DataFlowInfo().setName(flow.name()).setCustomProperties(stringMap(flow.properties()));
    if (flow.description() != null) {
      info.setDescription(flow.description());
    }
    return info;
  }

  private DataJobInfo jobInfo(Job job) {
    DataJobInfo info =
        new DataJobInfo()
            .setName(job.name())
            .setType(DataJobInfo.Type.create("BATCH"))
            .setCustomProperties(stringMap(job.properties()));
    try {
      info.setFlowUrn(DataFlowUrn.createFromString(job.flow().urn()));
    } catch (URISyntaxException e) {
      throw new LineageException(e, "Invalid flow URN %s of job %s", job.flow().urn(), job.id());
    }
    if (job.description() != null) {
      info.setDescription(job.description());
    }
    return info;
  }

  @SuppressWarnings("deprecation") // inputDatasets/outputDatasets are deprecated but required
  private DataJobInputOutput jobInputOutput(Job job) {
    DataJobInputOutput io =
        new DataJobInputOutput()
            .setInputDatasets(datasetUrns(job.inputs()))
            .setOutputDatasets(datasetUrns(job.outputs()));
    if (!job.columnLineage().isEmpty()) {
      io.setFineGrainedLineages(fineGrained(job.columnLineage()));
    }
    return io;
  }

  private DatasetProperties datasetProperties(DatasetMetadata dataset) {
    DatasetProperties properties =
        new DatasetProperties()
            .setName(dataset.ref().name())
            .setQualifiedName(dataset.ref().name())
            .setCustomProperties(stringMap(dataset.properties()));
    if (dataset.description() != null) {
      properties.setDescription(dataset.description());
    }
    return properties;
  }

  private SchemaMetadata schemaMetadata(DatasetMetadata dataset, long eventTime) {
    SchemaFieldArray fields = new SchemaFieldArray();
    StringBuilder raw = new StringBuilder();
    for (SchemaField field : dataset.fields()) {
      com.linkedin.schema.SchemaField out =
          new com.linkedin.schema.SchemaField()
              .setFieldPath(field.path())
              .setType(new SchemaFieldDataType().setType(dataType(field.type())))
              .setNativeDataType(field.nativeType())
              .setNullable(field.nullable());
      field.doc().ifPresent(out::setDescription);
      fields.add(out);
      raw.append(field.path())
          .append(' ')
          .append(field.nativeType())
          .append(field.nullable() ? "" : " not null")
          .append('\n');
    }
    return new SchemaMetadata()
        .setSchemaName(dataset.ref().name())
        .setPlatform(new DataPlatformUrn(dataset.ref().platform()))
        .setVersion(0L)
        .setHash("")
        .setCreated(stamp(eventTime))
        .setLastModified(stamp(eventTime))
        .setPlatformSchema(
            SchemaMetadata.PlatformSchema.create(new OtherSchema().setRawSchema(raw.toString())))
        .setFields(fields);
  }

  private static SchemaFieldDataType.Type dataType(FieldType type) {
    return switch (type) {
      case BOOLEAN -> SchemaFieldDataType.Type.create(new BooleanType());
      case NUMBER -> SchemaFieldDataType.Type.create(new NumberType());
      case STRING -> SchemaFieldDataType.Type.create(new StringType());
      case BYTES -> SchemaFieldDataType.Type.create(new BytesType());
      case FIXED -> SchemaFieldDataType.Type.create(new FixedType());
      case DATE -> SchemaFieldDataType.Type.create(new DateType());
      case TIME -> SchemaFieldDataType.Type.create(new TimeType());
      case RECORD -> SchemaFieldDataType.Type.create(new RecordType());
      case ARRAY -> SchemaFieldDataType.Type.create(new ArrayType());
      case MAP -> SchemaFieldDataType.Type.create(new MapType());
      case NULL -> SchemaFieldDataType.Type.create(new NullType());
    };
  }

  @SuppressWarnings("deprecation") // Owner.type is deprecated but required
  private Ownership ownership(List<Owner> owners, long eventTime) {
    OwnerArray array = new OwnerArray();
    for (Owner owner : owners) {
      array.add(
          new com.linkedin.common.Owner()
              .setOwner(urn(owner.urn()))
              .setType(OwnershipType.valueOf(owner.type().name())));
    }
    return new Ownership().setOwners(array).setLastModified(stamp(eventTime));
  }

  private static GlobalTags globalTags(Iterable<String> tags) {
    TagAssociationArray array = new TagAssociationArray();
    for (String tag : new java.util.TreeSet<>((java.util.Collection<String>) tags)) {
      array.add(new TagAssociation().setTag(new TagUrn(tag)));
    }
    return new GlobalTags().setTags(array);
  }

  private UpstreamLineage upstreamLineage(Job job, DatasetRef output, long eventTime) {
    UpstreamArray upstreams = new UpstreamArray();
    for (DatasetRef input : job.inputs()) {
      if (!input.equals(output)) {
        upstreams.add(
            new Upstream()
                .setDataset(datasetUrn(input))
                .setType(DatasetLineageType.TRANSFORMED)
                .setAuditStamp(stamp(eventTime)));
      }
    }
    List<ColumnLineage> edges =
        job.columnLineage().stream().filter(e -> e.downstreamDataset().equals(output)).toList();
    if (upstreams.isEmpty() && edges.isEmpty()) {
      return null;
    }
    UpstreamLineage lineage = new UpstreamLineage().setUpstreams(upstreams);
    if (!edges.isEmpty()) {
      lineage.setFineGrainedLineages(fineGrained(edges));
    }
    return lineage;
  }

  private FineGrainedLineageArray fineGrained(List<ColumnLineage> edges) {
    FineGrainedLineageArray array = new FineGrainedLineageArray();
    for (ColumnLineage edge : edges) {
      FineGrainedLineage out =
          new FineGrainedLineage()
              .setUpstreamType(
                  edge.upstreams().isEmpty()
                      ? FineGrainedLineageUpstreamType.NONE
                      : FineGrainedLineageUpstreamType.FIELD_SET)
              .setUpstreams(fieldUrns(edge.upstreams()))
              .setDownstreamType(
                  edge.downstreams().size() == 1
                      ? FineGrainedLineageDownstreamType.FIELD
                      : FineGrainedLineageDownstreamType.FIELD_SET)
              .setDownstreams(fieldUrns(edge.downstreams()))
              .setConfidenceScore(1.0f);
      if (edge.transformOperation() != null) {
        out.setTransformOperation(edge.transformOperation());
      }
      array.add(out);
    }
    return array;
  }

  private DataProcessInstanceProperties instanceProperties(Run run) {
    Map<String, String> properties = new TreeMap<>(run.properties());
    properties.put("runId", run.id());
    properties.put("attempt", Integer.toString(run.attempt()));
    if (run.finished()) {
      properties.put("status", run.status().name());
      properties.put("durationMillis", Long.toString(run.duration().orElseThrow().toMillis()));
    }
    return new DataProcessInstanceProperties()
        .setName(run.id())
        .setType(DataProcessType.BATCH_SCHEDULED)
        .setCreated(stamp(run.start().toEpochMilli()))
        .setCustomProperties(stringMap(properties));
  }

  private static DataProcessInstanceRunEvent startEvent(Run run) {
    return new DataProcessInstanceRunEvent()
        .setTimestampMillis(run.start().toEpochMilli())
        .setStatus(DataProcessRunStatus.STARTED)
        .setAttempt(run.attempt());
  }

  private static DataProcessInstanceRunEvent endEvent(Run run) {
    return new DataProcessInstanceRunEvent()
        .setTimestampMillis(run.end().toEpochMilli())
        .setStatus(DataProcessRunStatus.COMPLETE)
        .setAttempt(run.attempt())
        .setDurationMillis(run.duration().orElseThrow().toMillis())
        .setResult(
            new DataProcessInstanceRunResult()
                .setType(
                    run.status() == RunStatus.SUCCESS
                        ? RunResultType.SUCCESS
                        : RunResultType.FAILURE)
                .setNativeResultType(NATIVE_RESULT_TYPE));
  }

  private AssertionInfo assertionInfo(AssertionResult result, long eventTime) {
    Map<String, String> properties = new TreeMap<>();
    properties.put("rule", result.ruleName());
    properties.put("severity", result.severity().name());
    if (result.threshold() != null) {
      properties.put("threshold", result.threshold().toString());
    }
    if (!result.fields().isEmpty()) {
      properties.put("fields", String.join(",", result.fields()));
    }
    CustomAssertionInfo custom =
        new CustomAssertionInfo().setType(ASSERTION_TYPE).setEntity(datasetUrn(result.dataset()));
    if (result.fields().size() == 1) {
      custom.setField(urn(result.dataset().field(result.fields().get(0)).urn()));
    }
    String description =
        result.description() != null ? result.description() : "Quality rule " + result.ruleName();
    custom.setLogic(description);
    return new AssertionInfo()
        .setType(AssertionType.CUSTOM)
        .setCustomAssertion(custom)
        .setDescription(description)
        .setSource(new AssertionSource().setType(AssertionSourceType.EXTERNAL))
        .setLastUpdated(stamp(eventTime))
        .setCustomProperties(stringMap(properties));
  }

  private static AssertionRunEvent assertionRunEvent(AssertionResult result, Run run) {
    Map<String, String> nativeResults = new TreeMap<>(result.details());
    nativeResults.put("severity", result.severity().name());
    nativeResults.put("status", result.status().name());
    if (result.observedValue() != null) {
      nativeResults.put("observedValue", result.observedValue().toString());
    }
    if (result.threshold() != null) {
      nativeResults.put("threshold", result.threshold().toString());
    }
    com.linkedin.assertion.AssertionResult out =
        new com.linkedin.assertion.AssertionResult()
            .setType(
                switch (result.status()) {
                  case PASSED -> AssertionResultType.SUCCESS;
                  case FAILED -> AssertionResultType.FAILURE;
                  case ERROR -> AssertionResultType.ERROR;
                })
            .setNativeResults(new StringMap(nativeResults));
    if (result.observedValue() != null) {
      out.setActualAggValue(result.observedValue().floatValue());
    }
    return new AssertionRunEvent()
        .setTimestampMillis(result.evaluatedAt().toEpochMilli())
        .setRunId(run.id())
        .setAsserteeUrn(urn(result.dataset().urn()))
        .setAssertionUrn(urn(assertionUrn(result)))
        .setStatus(AssertionRunStatus.COMPLETE)
        .setResult(out);
  }

  private AuditStamp stamp(long time) {
    return new AuditStamp().setTime(time).setActor(urn(actor));
  }

  private static StringMap stringMap(Map<String, String> map) {
    return new StringMap(new TreeMap<>(map));
  }

  private static UrnArray urns(List<DatasetRef> datasets) {
    UrnArray array = new UrnArray();
    datasets.forEach(d -> array.add(urn(d.urn())));
    return array;
  }

  private static DatasetUrnArray datasetUrns(List<DatasetRef> datasets) {
    DatasetUrnArray array = new DatasetUrnArray();
    datasets.forEach(d -> array.add(datasetUrn(d)));
    return array;
  }

  private static UrnArray fieldUrns(List<FieldRef> fields) {
    UrnArray array = new UrnArray();
    fields.forEach(f -> array.add(urn(f.urn())));
    return array;
  }

  private static DatasetUrn datasetUrn(DatasetRef dataset) {
    try {
      return DatasetUrn.createFromString(dataset.urn());
    } catch (URISyntaxException e) {
      throw new LineageException(e, "Invalid dataset URN %s", dataset.urn());
    }
  }

  private static Urn urn(String urn) {
    try {
      return Urn.createFromString(urn);
    } catch (URISyntaxException e) {
      throw new LineageException(e, "Invalid URN %s: fix the name it is built from", urn);
    }
  }

  private MetadataChangeProposal mcp(
      String entityType, String entityUrn, String aspectName, DataTemplate<?> aspect) {
    @SuppressWarnings("rawtypes")
    MetadataChangeProposalWrapper wrapper =
        MetadataChangeProposalWrapper.builder()
            .entityType(entityType)
            .entityUrn(urn(entityUrn))
            .upsert()
            .aspect(aspect)
            .aspectName(aspectName)
            .build();
    try {
      return formatter.convert(wrapper);
    } catch (IOException e) {
      throw new LineageException(
          e, "Cannot serialise aspect %s of %s: %s", aspectName, entityUrn, e.getMessage());
    }
  }
}
