package io.gridata.lineage;

import com.linkedin.assertion.AssertionInfo;
import com.linkedin.assertion.AssertionRunEvent;
import com.linkedin.common.GlobalTags;
import com.linkedin.common.Ownership;
import com.linkedin.common.urn.Urn;
import com.linkedin.data.DataMap;
import com.linkedin.data.codec.JacksonDataCodec;
import com.linkedin.data.schema.DataSchema;
import com.linkedin.data.schema.validation.CoercionMode;
import com.linkedin.data.schema.validation.RequiredMode;
import com.linkedin.data.schema.validation.UnrecognizedFieldMode;
import com.linkedin.data.schema.validation.ValidateDataAgainstSchema;
import com.linkedin.data.schema.validation.ValidationOptions;
import com.linkedin.data.schema.validation.ValidationResult;
import com.linkedin.data.template.DataTemplateUtil;
import com.linkedin.data.template.RecordTemplate;
import com.linkedin.datajob.DataFlowInfo;
import com.linkedin.datajob.DataJobInfo;
import com.linkedin.datajob.DataJobInputOutput;
import com.linkedin.dataprocess.DataProcessInstanceInput;
import com.linkedin.dataprocess.DataProcessInstanceOutput;
import com.linkedin.dataprocess.DataProcessInstanceProperties;
import com.linkedin.dataprocess.DataProcessInstanceRelationships;
import com.linkedin.dataprocess.DataProcessInstanceRunEvent;
import com.linkedin.dataset.DatasetProperties;
import com.linkedin.dataset.UpstreamLineage;
import com.linkedin.mxe.MetadataChangeProposal;
import com.linkedin.schema.SchemaMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * Validates serialised metadata change proposals the way GMS would, without a server, using only
 * what ships in the DataHub client jar: the entity registry ({@code entity-registry.yml}: which
 * aspects each entity type accepts) and the Pegasus schemas of the aspects ({@code
 * ValidateDataAgainstSchema}, unknown fields disallowed, required fields must be present unless
 * they have a default).
 */
public final class DataHubSchemaValidator {
  /** The aspect classes this module emits, by aspect name. */
  static final Map<String, Class<? extends RecordTemplate>> ASPECTS =
      Map.ofEntries(
          Map.entry("datasetProperties", DatasetProperties.class),
          Map.entry("schemaMetadata", SchemaMetadata.class),
          Map.entry("ownership", Ownership.class),
          Map.entry("globalTags", GlobalTags.class),
          Map.entry("upstreamLineage", UpstreamLineage.class),
          Map.entry("dataFlowInfo", DataFlowInfo.class),
          Map.entry("dataJobInfo", DataJobInfo.class),
          Map.entry("dataJobInputOutput", DataJobInputOutput.class),
          Map.entry("dataProcessInstanceProperties", DataProcessInstanceProperties.class),
          Map.entry("dataProcessInstanceRelationships", DataProcessInstanceRelationships.class),
          Map.entry("dataProcessInstanceInput", DataProcessInstanceInput.class),
          Map.entry("dataProcessInstanceOutput", DataProcessInstanceOutput.class),
          Map.entry("dataProcessInstanceRunEvent", DataProcessInstanceRunEvent.class),
          Map.entry("assertionInfo", AssertionInfo.class),
          Map.entry("assertionRunEvent", AssertionRunEvent.class));

  private static final ValidationOptions OPTIONS =
      new ValidationOptions(
          RequiredMode.CAN_BE_ABSENT_IF_HAS_DEFAULT,
          CoercionMode.NORMAL,
          UnrecognizedFieldMode.DISALLOW);

  private final Map<String, Set<String>> aspectsByEntity;
  private final JacksonDataCodec codec = new JacksonDataCodec();

  /** A validator with the entity registry of the DataHub client on the class path. */
  public DataHubSchemaValidator() {
    this.aspectsByEntity = loadRegistry();
  }

  /** Entity type to aspect names, read from the client jar's {@code entity-registry.yml}. */
  Map<String, Set<String>> registry() {
    return aspectsByEntity;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Set<String>> loadRegistry() {
    try (InputStream in =
        DataHubSchemaValidator.class.getClassLoader().getResourceAsStream("entity-registry.yml")) {
      if (in == null) {
        throw new IllegalStateException("entity-registry.yml not on the classpath");
      }
      Map<String, Object> root = new Yaml().load(in);
      Map<String, Set<String>> out = new HashMap<>();
      for (Map<String, Object> entity : (List<Map<String, Object>>) root.get("entities")) {
        Set<String> aspects = new HashSet<>((List<String>) entity.get("aspects"));
        aspects.add((String) entity.get("keyAspect"));
        out.put((String) entity.get("name"), aspects);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Problems with one serialised proposal (as written by the file sink); empty if valid. */
  public List<String> validate(String proposalJson) {
    try {
      return validate(codec.stringToMap(proposalJson));
    } catch (IOException e) {
      return List.of("not JSON: " + e.getMessage());
    }
  }

  /** Problems with one proposal; empty if valid. */
  List<String> validate(DataMap proposalData) {
    List<String> problems = new ArrayList<>();
    ValidationResult envelope =
        ValidateDataAgainstSchema.validate(
            proposalData, DataTemplateUtil.getSchema(MetadataChangeProposal.class), OPTIONS);
    if (!envelope.isValid()) {
      problems.add("envelope: " + envelope.getMessages());
      return problems;
    }
    MetadataChangeProposal mcp = new MetadataChangeProposal(proposalData);
    String where = mcp.getAspectName() + " of " + mcp.getEntityUrn();
    Urn urn = mcp.getEntityUrn();
    if (!urn.getEntityType().equals(mcp.getEntityType())) {
      problems.add(
          where + ": URN entity type " + urn.getEntityType() + " != " + mcp.getEntityType());
    }
    try {
      Urn.createFromString(urn.toString());
    } catch (Exception e) {
      problems.add(where + ": URN does not parse: " + e);
    }
    Set<String> allowed = aspectsByEntity.get(mcp.getEntityType());
    if (allowed == null) {
      problems.add(where + ": entity type not in entity-registry.yml");
    } else if (!allowed.contains(mcp.getAspectName())) {
      problems.add(where + ": aspect not registered for " + mcp.getEntityType());
    }
    if (!"application/json".equals(mcp.getAspect().getContentType())) {
      problems.add(where + ": content type " + mcp.getAspect().getContentType());
    }
    Class<? extends RecordTemplate> type = ASPECTS.get(mcp.getAspectName());
    if (type == null) {
      problems.add(where + ": no schema class known for this aspect");
      return problems;
    }
    DataSchema schema = DataTemplateUtil.getSchema(type);
    Object aspectName = ((Map<?, ?>) schema.getProperties().get("Aspect")).get("name");
    if (!mcp.getAspectName().equals(aspectName)) {
      problems.add(where + ": schema " + type.getName() + " is aspect " + aspectName);
    }
    try {
      DataMap aspect =
          codec.stringToMap(mcp.getAspect().getValue().asString(StandardCharsets.UTF_8));
      ValidationResult result = ValidateDataAgainstSchema.validate(aspect, schema, OPTIONS);
      if (!result.isValid()) {
        problems.add(where + ": " + result.getMessages());
      }
    } catch (IOException e) {
      problems.add(where + ": aspect value is not JSON: " + e.getMessage());
    }
    return problems;
  }
}
