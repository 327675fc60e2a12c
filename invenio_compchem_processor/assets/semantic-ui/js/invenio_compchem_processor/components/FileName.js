// SPDX-License-Identifier: MIT
import PropTypes from "prop-types";
import React from "react";

/**
 * A file name that wraps after its separators (``-``, ``_``, ``.``) rather
 * than inside a word: ``gaussian16-water_mp2.log`` breaks as
 * ``gaussian16-`` / ``water_mp2.log``. A part longer than the column still
 * wraps anywhere. The text is unchanged (``<wbr>`` adds no characters).
 */
export const FileName = ({ name }) => {
  const parts = name.match(/[^-_.]*[-_.]?/g).filter(Boolean);
  return (
    <span style={{ overflowWrap: "anywhere" }}>
      {parts.map((part, index) => (
        // eslint-disable-next-line react/no-array-index-key
        <React.Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </React.Fragment>
      ))}
    </span>
  );
};

FileName.propTypes = {
  name: PropTypes.string.isRequired,
};
