package org.roadscan.detector.metadata;

import com.drew.imaging.jpeg.JpegSegmentMetadataReader;
import com.drew.imaging.jpeg.JpegSegmentType;
import com.drew.imaging.tiff.TiffProcessingException;
import com.drew.imaging.tiff.TiffReader;
import com.drew.lang.ByteArrayReader;
import com.drew.lang.RandomAccessReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifReader;
import com.drew.metadata.exif.ExifTiffHandler;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * EXIF from JPEG APP1 segments as metadata-extractor's {@link ExifReader} reads it (IFD0, the Exif
 * sub-IFD, GPS), without the tags it decodes further: maker notes (Apple, Canon, Nikon… each with
 * its own parser), embedded ICC, IPTC, Photoshop, XMP and PrintIM blocks. RoadScan reads none of
 * them, and they are where a hostile file does damage: the fuzzer of issue #30 found a 45 KB JPEG
 * whose Apple maker note makes the binary-plist parser allocate gigabytes (OutOfMemoryError on a
 * 4 GB heap). Their bytes are kept as plain tag values, bounded by the segment (64 KB).
 *
 * <p>Stateless and thread-safe.
 */
final class PlainExifReader implements JpegSegmentMetadataReader {

  private static final int PREAMBLE_BYTES = ExifReader.JPEG_SEGMENT_PREAMBLE.length();

  /** Processes every IFD and value as usual, but no tag's content as a format of its own. */
  private static final class Handler extends ExifTiffHandler {

    Handler(Metadata metadata, Directory parent, int exifStartOffset) {
      super(metadata, parent, exifStartOffset);
    }

    @Override
    public boolean customProcessTag(int tagOffset, Set<Integer> processedIfdOffsets,
        int tiffHeaderOffset, RandomAccessReader reader, int tagId, int byteCount) {
      return false;
    }
  }

  @Override
  public Iterable<JpegSegmentType> getSegmentTypes() {
    return List.of(JpegSegmentType.APP1);
  }

  @Override
  public void readJpegSegments(Iterable<byte[]> segments, Metadata metadata,
      JpegSegmentType segmentType) {
    for (byte[] segment : segments) {
      if (!ExifReader.startsWithJpegExifPreamble(segment)) {
        continue;
      }
      Handler handler = new Handler(metadata, null, PREAMBLE_BYTES);
      try {
        new TiffReader().processTiff(new ByteArrayReader(segment), handler, PREAMBLE_BYTES);
      } catch (TiffProcessingException | IOException e) {
        // as ExifReader does: the directories read so far stand, the error is recorded in them;
        // a position that could not be read is then reported missing
        handler.error("Exception processing TIFF data: " + e.getMessage());
      }
    }
  }
}
