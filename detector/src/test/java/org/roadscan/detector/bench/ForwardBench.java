package org.roadscan.detector.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.roadscan.detector.model.DamageModel;
import org.roadscan.detector.model.ModelSelfCheck;

/**
 * Bare forward time of several exported models in one run, one libtorch thread, alternating model
 * by model in every round, each round starting with the next model, so that the machine's other
 * load and the order hit all alike (a width sweep's speed side). Not a test. Usage: {@code ForwardBench ROUNDS MODEL_DIR...}; prints each model's median
 * and its ratio to the first model's.
 */
public final class ForwardBench {

  private ForwardBench() {
  }

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    List<DamageModel> models = new ArrayList<>();
    List<Predictor<NDList, NDList>> predictors = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      DamageModel m = DamageModel.builder().setModelDir(Path.of(args[i])).optIntraOpThreads(1)
          .build();
      models.add(m);
      predictors.add(m.newPredictor());
    }
    int size = models.get(0).spec().inputSize();
    float[] input = ModelSelfCheck.input(size);
    for (int w = 0; w < 20; w++) {
      for (int k = 0; k < models.size(); k++) {
        models.get(k).forward(predictors.get(k), input);
      }
    }
    double[][] ms = new double[models.size()][rounds];
    for (int r = 0; r < rounds; r++) {
      // each round starts with the next model, so no model always runs right after another
      for (int j = 0; j < models.size(); j++) {
        int k = (r + j) % models.size();
        long t0 = System.nanoTime();
        models.get(k).forward(predictors.get(k), input);
        ms[k][r] = (System.nanoTime() - t0) / 1e6;
      }
    }
    double first = median(ms[0]);
    System.out.printf(Locale.ROOT, "%d rounds, one thread, input %d px, alternating%n", rounds, size);
    for (int k = 0; k < models.size(); k++) {
      double med = median(ms[k]);
      System.out.printf(Locale.ROOT, "  %-40s median %6.2f ms  (x %.2f of the first)%n",
          args[k + 1], med, med / first);
      predictors.get(k).close();
      models.get(k).close();
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
