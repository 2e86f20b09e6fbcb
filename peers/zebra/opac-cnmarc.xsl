<?xml version="1.0" encoding="UTF-8"?>
<!-- CNMARC record to OPAC-XML: one holding per 905 field (one field per copy).
     905 $a institution (nucCode), $c location (localLocation), $s shelf mark
     (callNumber; else $d/$e), $v volume (enumAndChron), $b barcode (itemId),
     $x status 状态 (publicNote, availableNow, availabilityDate),
     $y 馆藏类型 loan type (restrictions). See fixtures/catalogue/README.md. -->
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
        <xsl:for-each select="m:record/m:datafield[@tag='905']">
          <holding>
            <xsl:call-template name="element"><xsl:with-param name="name" select="'nucCode'"/><xsl:with-param name="value" select="m:subfield[@code='a']"/></xsl:call-template>
            <xsl:call-template name="element"><xsl:with-param name="name" select="'localLocation'"/><xsl:with-param name="value" select="m:subfield[@code='c']"/></xsl:call-template>
            <xsl:call-template name="element">
              <xsl:with-param name="name" select="'callNumber'"/>
              <xsl:with-param name="value">
                <xsl:choose>
                  <xsl:when test="m:subfield[@code='s']"><xsl:value-of select="m:subfield[@code='s']"/></xsl:when>
                  <xsl:otherwise>
                    <xsl:value-of select="m:subfield[@code='d']"/>
                    <xsl:if test="m:subfield[@code='e']">/<xsl:value-of select="m:subfield[@code='e']"/></xsl:if>
                  </xsl:otherwise>
                </xsl:choose>
              </xsl:with-param>
            </xsl:call-template>
            <xsl:call-template name="element"><xsl:with-param name="name" select="'publicNote'"/><xsl:with-param name="value" select="m:subfield[@code='x']"/></xsl:call-template>
            <xsl:call-template name="element"><xsl:with-param name="name" select="'enumAndChron'"/><xsl:with-param name="value" select="m:subfield[@code='v']"/></xsl:call-template>
            <xsl:call-template name="circulation">
              <xsl:with-param name="status" select="string(m:subfield[@code='x'])"/>
              <xsl:with-param name="restrictions" select="string(m:subfield[@code='y'])"/>
              <xsl:with-param name="item-id" select="string(m:subfield[@code='b'])"/>
              <xsl:with-param name="enum" select="string(m:subfield[@code='v'])"/>
            </xsl:call-template>
          </holding>
        </xsl:for-each>
      </holdings>
    </opacRecord>
  </xsl:template>
</xsl:stylesheet>
