package org.roadscan.detector.model;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.roadscan.detector.DamageClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded RoadNet model: its TorchScript module in the PyTorch engine plus its {@link
 * ModelSpec}. Load once per process and share; it hands out {@link Predictor}s, which are
 * <em>not</em> thread-safe (use {@link DamageDetector}, which pools them). This class itself is
 * thread-safe. Closing it frees the native model; predictors must be closed first.
 *
 * <p>Engine settings are process-wide: the first load sets {@code ai.djl.offline=true} (the native
 * library ships in the jar, nothing may be downloaded) and PyTorch's intra-op thread count, unless
 * those system properties are already set. Inter-op threads are set to 1: one forward pass runs one
 * graph, parallelism comes from intra-op threads and from concurrent predictors.
 */
public final class DamageModel implements AutoCloseable {

  /** File name stem of the TorchScript module ({@code roadscan-damage.pt}). */
  public static final String MODEL_NAME = "roadscan-damage";

  private static final Logger LOG = LoggerFactory.getLogger(DamageModel.class);
  private static final String ENGINE = "PyTorch";
  private static final String PROP_THREADS = "ai.djl.pytorch.num_threads";
  private static final String PROP_INTEROP = "ai.djl.pytorch.num_interop_threads";
  private static boolean engineStarted;
  /** Whether the operator fixed the intra-op thread count by system property before our first load. */
  private static boolean threadsFromProperty;

  private final ZooModel<NDList, NDList> model;
  private final ModelSpec spec;
  private final Path modelDir;

  private DamageModel(ZooModel<NDList, NDList> model, ModelSpec spec, Path modelDir) {
    this.model = model;
    this.spec = spec;
    this.modelDir = modelDir;
  }

  /** A builder; {@link Builder#setModelDir} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Class names, input size and the effective thresholds: the file's per-class values, or the
   * override for every class.
   */
  public ModelSpec spec() {
    return spec;
  }

  /** The directory the model was loaded from. */
  public Path modelDir() {
    return modelDir;
  }

  /** A new predictor for one thread at a time; the caller closes it. */
  public Predictor<NDList, NDList> newPredictor() {
    return model.newPredictor();
  }

  /**
   * Runs one forward pass.
   *
   * @param predictor a predictor of this model, used by the calling thread only
   * @param input planar RGB in 0..1, length {@code 3 * S * S}
   * @return the output {@code [A, 4 + C]} row-major
   * @throws InferenceException when the engine fails or the output has an unexpected shape
   */
  public float[] forward(Predictor<NDList, NDList> predictor, float[] input) {
    int s = spec.inputSize();
    if (input.length != 3 * s * s) {
      throw new IllegalArgumentException("input must have 3*" + s + "*" + s + " values, got "
          + input.length);
    }
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray x = manager.create(input, new Shape(1, 3, s, s));
      NDList out = predictor.predict(new NDList(x));
      NDArray y = out.head();
      Shape shape = y.getShape();
      int row = 4 + spec.classNames().size();
      if (shape.dimension() != 3 || shape.get(0) != 1 || shape.get(2) != row) {
        throw new InferenceException("model output shape " + shape + " is not [1, A, " + row
            + "]: does synset.txt match the model?");
      }
      float[] data = y.toFloatArray();
      out.close();
      return data;
    } catch (TranslateException e) {
      throw new InferenceException("forward pass failed", e);
    }
  }

  @Override
  public void close() {
    model.close();
  }

  private static synchronized void configureEngine(int intraOpThreads) {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (!engineStarted) {
      threadsFromProperty = System.getProperty(PROP_THREADS) != null;
      if (!threadsFromProperty) {
        System.setProperty(PROP_THREADS, Integer.toString(intraOpThreads));
      }
      if (System.getProperty(PROP_INTEROP) == null) {
        System.setProperty(PROP_INTEROP, "1");
      }
      Engine.getEngine(ENGINE);
      engineStarted = true;
    } else if (!threadsFromProperty && JniUtils.getNumThreads() != intraOpThreads) {
      // the engine is already up (another model in this JVM): the count is global, last one wins
      JniUtils.setNumThreads(intraOpThreads);
    }
    LOG.info("PyTorch intra-op threads {}, inter-op threads {}", JniUtils.getNumThreads(),
        JniUtils.getNumInteropThreads());
  }

  /**
   * The options of a model, defined once for {@link Builder} and for {@link DamageDetector.Builder},
   * which adds the detector's own: {@code set*} required, {@code opt*} optional, validated when
   * built.
   *
   * @param <B> the concrete builder, which every setter returns
   */
  public abstract static class ModelOptions<B extends ModelOptions<B>> {
    private Path modelDir;
    private Double threshold;
    private Double nmsThreshold;
    private Integer intraOpThreads;

    ModelOptions() {
    }

    abstract B self();

    /** The directory holding {@code roadscan-damage.pt}, {@code synset.txt}, {@code serving.properties}. */
    public B setModelDir(Path modelDir) {
      this.modelDir = modelDir;
      return self();
    }

    /**
     * Overrides the serving thresholds (minimum class probability, 0..1): the global default
     * <em>and every class's</em> {@code threshold.<CLASS>} from {@code serving.properties} become
     * this one value.
     */
    public B optThreshold(double threshold) {
      this.threshold = threshold;
      return self();
    }

    /** Overrides the NMS IoU threshold (0..1). */
    public B optNmsThreshold(double nmsThreshold) {
      this.nmsThreshold = nmsThreshold;
      return self();
    }

    /**
     * PyTorch intra-op threads (process-wide). Default: available processors for a {@link
     * DamageModel}; {@code max(1, cores / workers)} for a {@link DamageDetector}, which also gives
     * OpenCV this many threads. Ignored when the system property {@code ai.djl.pytorch.num_threads}
     * is set.
     */
    public B optIntraOpThreads(int intraOpThreads) {
      this.intraOpThreads = intraOpThreads;
      return self();
    }

    /** The threads asked for with {@link #optIntraOpThreads}, or null for the builder's default. */
    Integer intraOpThreads() {
      return intraOpThreads;
    }

    /**
     * Loads the model with {@code intraOpThreads} PyTorch threads.
     *
     * @throws InferenceException when the directory or a model file is missing or unreadable
     * @throws IllegalArgumentException when an option or a serving value is out of range, or
     *     {@code synset.txt} lists a class not in the {@link DamageClass} catalogue
     */
    DamageModel loadModel(int intraOpThreads) {
      if (modelDir == null) {
        throw new IllegalArgumentException("modelDir is required");
      }
      if (intraOpThreads < 1) {
        throw new IllegalArgumentException("intraOpThreads must be >= 1: " + intraOpThreads);
      }
      Path dir = modelDir.toAbsolutePath().normalize();
      if (!Files.isRegularFile(dir.resolve(MODEL_NAME + ".pt"))) {
        throw new InferenceException("no model at " + dir.resolve(MODEL_NAME + ".pt"));
      }
      ModelSpec fileSpec;
      try {
        fileSpec = ModelSpec.read(dir);
      } catch (IOException e) {
        throw new InferenceException("cannot read the model description in " + dir, e);
      }
      DamageClass.requireKnown(fileSpec.classNames(), dir.resolve(ModelSpec.SYNSET));
      ModelSpec spec = threshold != null ? fileSpec.withThreshold(threshold) : fileSpec;
      if (nmsThreshold != null) {
        spec = spec.withNmsThreshold(nmsThreshold);
      }
      configureEngine(intraOpThreads);
      Criteria<NDList, NDList> criteria = Criteria.builder()
          .setTypes(NDList.class, NDList.class)
          .optModelPath(dir)
          .optModelName(MODEL_NAME)
          .optEngine(ENGINE)
          .optTranslator(new NoopTranslator())
          .build();
      try {
        ZooModel<NDList, NDList> zoo = criteria.loadModel();
        LOG.info("loaded {} from {}: classes {}, input {} px, thresholds {} (default {}), nms {}",
            MODEL_NAME, dir, spec.classNames(), spec.inputSize(), spec.classThresholds(),
            spec.threshold(), spec.nmsThreshold());
        return new DamageModel(zoo, spec, dir);
      } catch (IOException | ModelNotFoundException | MalformedModelException e) {
        throw new InferenceException("cannot load the model from " + dir, e);
      }
    }
  }

  /** Builds a {@link DamageModel}; {@link #setModelDir} is required. */
  public static final class Builder extends ModelOptions<Builder> {

    private Builder() {
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Loads the model.
     *
     * @throws InferenceException when the directory or a model file is missing or unreadable
     * @throws IllegalArgumentException when an option or a serving value is out of range, or
     *     {@code synset.txt} lists a class not in the {@link DamageClass} catalogue
     */
    public DamageModel build() {
      Integer threads = intraOpThreads();
      return loadModel(threads != null ? threads : Runtime.getRuntime().availableProcessors());
    }
  }
}
