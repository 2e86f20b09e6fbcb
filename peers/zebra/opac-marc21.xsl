<?xml version="1.0" encoding="UTF-8"?>
<!-- MARC 21 record to OPAC-XML: one holding per 852 field.
     852 $a institution (nucCode), $b sublocation (localLocation), $c shelving
     location, $h/$i call number, $3 volume (enumAndChron), $t copy number,
     $p barcode (itemId), $z public note = status text, $x loan type
     (restrictions). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:m="http://www.loc.gov/MARC21/slim"
    exclude-result-prefixes="m">
  <xsl:import href="opac-common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/">
    <opacRecord>
      <bibliographicRecord><xsl:copy-of select="m:record"/></bibliographicRecord>
      <holdings>
        <xsl:for-each select="m:record/m:datafield[@tag='852']">
          <holding>
            <xsl:call-template name="element"><xsl:with-param name="name" select="'nucCode'"/><xsl:with-param name="value" select="m:subfield[@code='a']"/></xsl:call-template>
            <xsl:call-template name="element"><xsl:with-param name="name" select="'localLocation'"/><xsl:with-param name="value" select="m:subfield[@code='b']"/></xsl:call-template>
            <xsl:call-template name="element"><xsl:with-param name="name" select="'shelvingLocation'"/><xsl:with-param name="value" select="m:subfield[@code='c']"/></xsl:call-template>
            <xsl:call-template name="element">
              <xsl:with-param name="name" select="'callNumber'"/>
              <xsl:with-param name="value">
                <xsl:for-each select="m:subfield[@code='k' or @code='h' or @code='i' or @code='m']">
                  <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
                  <xsl:value-of select="."/>
                </xsl:for-each>
              </xsl:with-param>
            </xsl:call-template>
            <xsl:call-template name="element"><xsl:with-param name="name" select="'copyNumber'"/><xsl:with-param name="value" select="m:subfield[@code='t']"/></xsl:call-template>
            <xsl:call-template name="element"><xsl:with-param name="name" select="'publicNote'"/><xsl:with-param name="value" select="m:subfield[@code='z']"/></xsl:call-template>
            <xsl:call-template name="element"><xsl:with-param name="name" select="'enumAndChron'"/><xsl:with-param name="value" select="m:subfield[@code='3']"/></xsl:call-template>
            <xsl:call-template name="circulation">
              <xsl:with-param name="status" select="string(m:subfield[@code='z'])"/>
              <xsl:with-param name="restrictions" select="string(m:subfield[@code='x'])"/>
              <xsl:with-param name="item-id" select="string(m:subfield[@code='p'])"/>
              <xsl:with-param name="enum" select="string(m:subfield[@code='3'])"/>
            </xsl:call-template>
          </holding>
        </xsl:for-each>
      </holdings>
    </opacRecord>
  </xsl:template>
</xsl:stylesheet>
