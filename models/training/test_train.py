"""Unit tests of the label assignment and loss on hand-made tensors: python3 -m unittest test_train"""
import unittest

import numpy as np
import torch

from train import Augmenter, assign, detection_loss

# six anchor points in two rows: (10,10) (30,10) (50,10) / (10,30) (30,30) (50,30)
PTS = torch.tensor([[10., 10.], [30., 10.], [50., 10.], [10., 30.], [30., 30.], [50., 30.]])
LEFT, RIGHT = [0., 0., 40., 40.], [20., 0., 60., 40.]


def predictions(*boxes):
    """Predicted boxes [1,6,4] (one per anchor) and equal class probabilities [1,6,2]."""
    return torch.tensor([boxes]), torch.full((1, 6, 2), 0.5)


class AssignTest(unittest.TestCase):

    def test_an_anchor_inside_two_labels_goes_to_the_one_its_box_overlaps_most(self):
        boxes, scores = predictions(LEFT, [22., 0., 60., 40.], RIGHT, LEFT, [0., 0., 38., 40.], RIGHT)
        pos, gi, tscore = assign(PTS, boxes, scores, torch.tensor([[0, 1]]),
                                 torch.tensor([[LEFT, RIGHT]]), torch.tensor([[True, True]]))
        self.assertEqual(pos.tolist(), [[True] * 6])
        self.assertEqual(gi.tolist(), [[0, 1, 1, 0, 0, 1]])
        # the exact predictions align best with their label and get its best IoU, 1
        self.assertAlmostEqual(tscore[0, 0].item(), 1.0, places=5)
        self.assertAlmostEqual(tscore[0, 2].item(), 1.0, places=5)
        self.assertTrue(((tscore > 0) & (tscore < 1)).sum().item() == 2)

    def test_a_box_around_no_anchor_gets_its_nearest(self):
        boxes, scores = predictions(*[[27., 27., 30., 30.]] * 6)
        pos, gi, _ = assign(PTS, boxes, scores, torch.tensor([[1]]),
                            torch.tensor([[[28., 28., 29., 29.]]]), torch.tensor([[True]]))
        self.assertEqual(pos.tolist(), [[False, False, False, False, True, False]])

    def test_padding_and_images_without_labels_give_no_positives(self):
        boxes, scores = predictions(*[LEFT] * 6)
        boxes, scores = boxes.repeat(2, 1, 1), scores.repeat(2, 1, 1)
        gbox = torch.tensor([[LEFT, RIGHT], [LEFT, RIGHT]])
        valid = torch.tensor([[True, False], [False, False]])
        pos, gi, tscore = assign(PTS, boxes, scores, torch.tensor([[0, 1], [0, 0]]), gbox, valid)
        self.assertEqual(pos.tolist(), [[True, True, False, True, True, False], [False] * 6])
        self.assertEqual(gi[0][pos[0]].tolist(), [0, 0, 0, 0])
        self.assertEqual(tscore[1].abs().sum().item(), 0.0)


class FixedModel(torch.nn.Module):
    """Returns fixed class logits and side distances for the six anchors (one level)."""

    def __init__(self, logits, dist):
        super().__init__()
        self.logits, self.dist = torch.nn.Parameter(logits), torch.nn.Parameter(dist)

    def raw(self, _):
        return [(self.logits, self.dist, PTS)]

    @staticmethod
    def decode(dist, pts):
        return torch.cat([pts - dist[..., :2], pts + dist[..., 2:]], -1)


class LossTest(unittest.TestCase):

    def test_exact_boxes_cost_no_box_loss_and_wrong_ones_do(self):
        # side distances that make every anchor predict LEFT exactly
        dist = torch.cat([PTS - torch.tensor(LEFT[:2]), torch.tensor(LEFT[2:]) - PTS], 1)[None]
        targets, mask = torch.tensor([[[0.] + LEFT]]), torch.tensor([[True]])
        model = FixedModel(torch.zeros(1, 6, 2), dist.clone())
        _, lbox, _ = detection_loss(model, None, targets, mask, 2)
        self.assertAlmostEqual(lbox.item(), 0.0, places=5)
        model = FixedModel(torch.zeros(1, 6, 2), dist * 0.5)
        loss, lbox, lcls = detection_loss(model, None, targets, mask, 2)
        self.assertGreater(lbox.item(), 0.1)
        loss.backward()
        self.assertGreater(model.dist.grad.abs().sum().item(), 0.0)


class AugmenterTest(unittest.TestCase):

    def boxes_per_draw(self, mosaic):
        # one gray image with one box in its middle: a single image keeps at most that box, a
        # mosaic shows the image (drawn again) up to four times
        img = np.full((200, 300, 3), 90, np.uint8)
        box = np.array([[3, 0.4, 0.4, 0.6, 0.6]], np.float32)
        aug = Augmenter([img], [box], 64, mosaic=mosaic)
        return [len(aug(0)[1]) for _ in range(40)]

    def test_mosaic_zero_shows_single_images_only(self):
        self.assertLessEqual(max(self.boxes_per_draw(0.0)), 1)
        self.assertGreater(max(self.boxes_per_draw(1.0)), 1)


if __name__ == "__main__":
    unittest.main()
