/**
 * The {@code evaluate} command: runs the detector over a labelled image folder and reports
 * precision, recall, F1 and AP@0.5 per class by the CRDDC matching rule. Labels are YOLO text
 * files or Pascal VOC XML, one file per image; see {@link org.roadscan.detector.eval.EvaluateCommand}.
 */
package org.roadscan.detector.eval;
